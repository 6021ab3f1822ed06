import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../src/testing/index.ts';
import { type ChildService, startChildService } from './support/child-service.ts';

/** GET through node:http; resolves with status and body. */
function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('auto-instrumentation under ESM (child process with --import @lockstep/telemetry/register)', () => {
  let receiver: OtlpReceiver;
  let child: ChildService | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(() => child?.kill());
  afterAll(() => receiver.close());

  it('an HTTP call that queries Postgres and Redis arrives as one trace of http, express, pg and ioredis spans', async () => {
    child = await startChildService({ OTLP_ENDPOINT: receiver.url, SERVICE_NAME: 'esm-fixture' });
    // kafkajs is opt-in (see instrumentations.ts): the others load, and nothing fails.
    expect(child.instrumentations).toEqual({
      loaded: [
        '@opentelemetry/instrumentation-http',
        '@opentelemetry/instrumentation-express',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-ioredis',
      ],
      failed: [],
    });

    const response = await get(child.port, '/call');
    expect(response).toEqual({ status: 200, body: '{"answer":42}' });

    const isOuter = (span: ReceivedSpan) =>
      span.kind === 'server' && span.attributes['http.route'] === '/call';
    const [outer] = await receiver.waitForSpans(isOuter, 10_000);
    if (outer === undefined) throw new Error('unreachable: waitForSpans resolves non-empty');
    const inTrace = (span: ReceivedSpan) => span.traceId === outer.traceId;
    await receiver.waitForSpans(
      (span) => inTrace(span) && span.scope?.endsWith('-ioredis') === true,
    );
    const trace = receiver.spans().filter(inTrace);
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const one = (predicate: (span: ReceivedSpan) => boolean) => {
      const found = trace.filter(predicate);
      expect(found, `spans: ${trace.map((s) => `${s.scope}:${s.name}`).join(', ')}`).toHaveLength(
        1,
      );
      return found[0] as ReceivedSpan;
    };

    // node:http server and client spans: patched through a named ESM import of node:http.
    const client = one((span) => span.kind === 'client' && span.scope?.endsWith('-http') === true);
    const inner = one(
      (span) => span.kind === 'server' && span.attributes['http.route'] === '/work',
    );
    expect(client.parentSpanId).toBeDefined();
    expect(inner.parentSpanId).toBe(client.spanId);
    // express, pg and ioredis: CommonJS packages imported from ESM before telemetry started.
    const query = one(
      (span) => span.scope?.endsWith('-pg') === true && span.name.startsWith('pg.query'),
    );
    const redisSet = one((span) => span.scope?.endsWith('-ioredis') === true);
    one(
      (span) =>
        span.scope?.endsWith('-express') === true &&
        span.attributes['express.type'] === 'request_handler' &&
        span.attributes['http.route'] === '/work',
    );
    expect(query.attributes['db.query.text'] ?? query.attributes['db.statement']).toBe(
      'SELECT 41 + 1 AS answer',
    );
    expect(redisSet.name).toBe('set');

    // Every span hangs off the outer server span, and names its service.
    const rootOf = (span: ReceivedSpan): ReceivedSpan => {
      const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
      return parent === undefined ? span : rootOf(parent);
    };
    for (const span of trace) {
      expect(rootOf(span).spanId).toBe(outer.spanId);
      expect(span.serviceName).toBe('esm-fixture');
      expect(span.resource).toMatchObject({
        'service.namespace': 'lockstep',
        'service.instance.id': expect.stringMatching(/^fixture-\d+$/),
      });
    }
  });

  it('the service serves /metrics without tracing the scrape, and counts what it did', async () => {
    child = await startChildService({
      OTLP_ENDPOINT: receiver.url,
      SERVICE_NAME: 'metrics-fixture',
    });
    expect((await get(child.port, '/work')).status).toBe(200);
    const scrape = await get(child.port, '/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.body).toMatch(/^saga_outcomes_total\{[^}]*saga="order"[^}]*\} 1$/m);
    // Instrumentation metrics reach Prometheus too: the /work request was measured.
    expect(scrape.body).toMatch(/^http_server_request_duration_count\{[^}]*\} \d+$/m);

    await receiver.waitForSpans(
      (span) => span.serviceName === 'metrics-fixture' && span.attributes['http.route'] === '/work',
    );
    child.send('shutdown');
    await child.next('shutdown');
    const served = receiver.spans().filter((span) => span.serviceName === 'metrics-fixture');
    expect(
      served.filter((span) => span.kind === 'server').map((span) => span.attributes['http.route']),
    ).toEqual(['/work']);
  });

  it('with the collector down, 50 requests succeed, shutdown keeps its deadline and one diagnostic line is written', async () => {
    // Port 9 (discard) on loopback: nothing listens, so every export is refused.
    child = await startChildService({
      OTLP_ENDPOINT: 'http://127.0.0.1:9',
      SERVICE_NAME: 'dead-collector-fixture',
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => get(child?.port ?? 0, '/work')),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));

    // Let at least one batch be sent and refused before stopping.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    child.send('shutdown');
    const { ms } = await child.next('shutdown');
    expect(ms).toBeLessThanOrEqual(2_000 + 500); // the deadline plus event-loop lag
    expect(await child.exited).toBe(0);

    const diagnostics = child
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('DIAG '));
    expect(diagnostics, child.stderr()).toHaveLength(1);
    expect(child.stderr()).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
  });
});
