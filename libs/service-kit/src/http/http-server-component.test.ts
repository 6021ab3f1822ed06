import { Agent, get } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { getOnNewConnection } from '../../test/support/raw-http.ts';
import { ServiceRuntime } from '../lifecycle/service-runtime.js';
import { createHttpApp } from './create-http-app.js';
import { type HttpServerComponent, httpServerComponent } from './http-server-component.js';

/** A latch a slow handler waits on, so the test decides when in-flight work finishes. */
function latch() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

const stops: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

function serve(options: { shutdownTimeoutMs?: number; readinessGraceMs?: number } = {}) {
  const { logger } = memoryLogger('silent');
  const runtime = new ServiceRuntime({ logger, ...options });
  const entered = latch();
  const release = latch();
  const app = createHttpApp({
    logger,
    readiness: runtime.readiness,
    routes: (router) => {
      router.get('/slow', async (_req, res) => {
        entered.open();
        await release.opened;
        res.json({ done: true });
      });
      router.get('/fast', (_req, res) => {
        res.json({ fast: true });
      });
    },
  });
  const http: HttpServerComponent = runtime.add(httpServerComponent(app, 0, { host: '127.0.0.1' }));
  stops.push(() => runtime.stop());
  return { runtime, http, entered, release };
}

describe('httpServerComponent', () => {
  it('listens on port 0 and exposes the bound port', async () => {
    const { runtime, http } = serve();
    expect(() => http.port).toThrow(/not listening/);
    await runtime.start();
    expect(http.port).toBeGreaterThan(0);
    expect((await getOnNewConnection(http.port, '/healthz')).status).toBe(200);
  });

  it('graceful stop: readiness turns 503 first, new connections are then refused, and a request in flight still completes with 200', async () => {
    const { runtime, http, entered, release } = serve({ readinessGraceMs: 300 });
    await runtime.start();
    const port = http.port;
    expect((await getOnNewConnection(port, '/readyz')).status).toBe(200);

    let slowDone = false;
    const slow = getOnNewConnection(port, '/slow').finally(() => {
      slowDone = true;
    });
    await entered.opened;
    const stopping = runtime.stop('test');

    // During the readiness grace the server still accepts, and says it is not ready.
    const duringGrace = await getOnNewConnection(port, '/readyz');
    expect(duringGrace.status).toBe(503);
    expect(duringGrace.body).toMatchObject({ phase: 'draining' });

    // Then the listener closes: new connections are refused while the slow request runs.
    let refused: unknown;
    for (let i = 0; i < 100 && refused === undefined; i++) {
      await getOnNewConnection(port, '/fast').then(
        () => delay(20),
        (error: unknown) => {
          refused = error;
        },
      );
    }
    expect((refused as NodeJS.ErrnoException | undefined)?.code).toBe('ECONNREFUSED');
    expect(slowDone).toBe(false);

    release.open();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ done: true });
    expect(response.headers.connection).toBe('close');
    expect(await stopping).toEqual({ clean: true, failed: [], timedOut: [] });
  });

  it('idle keep-alive connections do not hold the stop up', async () => {
    const { runtime, http } = serve({ shutdownTimeoutMs: 4_000 });
    await runtime.start();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      get({ host: '127.0.0.1', port: http.port, path: '/fast', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    const startedAt = performance.now();
    const report = await runtime.stop();
    agent.destroy();
    expect(report.clean).toBe(true);
    // Far below Node's 5 s keep-alive timeout: the idle socket was closed, not waited out.
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  it('a request still running at the deadline is cut off and the stop is reported as timed out', async () => {
    const { runtime, http, entered } = serve({ shutdownTimeoutMs: 300 });
    await runtime.start();
    const stuck = getOnNewConnection(http.port, '/slow');
    await entered.opened;
    const report = await runtime.stop();
    expect(report.timedOut).toEqual(['http']);
    await expect(stuck).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});
