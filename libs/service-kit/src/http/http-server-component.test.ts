import { Agent, get } from 'node:http';
import { connect } from 'node:net';
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

function serve(
  options: {
    shutdownTimeoutMs?: number;
    readinessGraceMs?: number;
    keepAliveTimeoutMs?: number;
  } = {},
) {
  const { logger } = memoryLogger('silent');
  const runtime = new ServiceRuntime({
    logger,
    ...(options.shutdownTimeoutMs === undefined
      ? {}
      : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
    ...(options.readinessGraceMs === undefined
      ? {}
      : { readinessGraceMs: options.readinessGraceMs }),
  });
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
  const { keepAliveTimeoutMs } = options;
  const http: HttpServerComponent = runtime.add(
    httpServerComponent(app, 0, {
      host: '127.0.0.1',
      ...(keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeoutMs }),
    }),
  );
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

  it('keeps idle connections 65 s by default, and says so in Keep-Alive, not Node 5 s', async () => {
    const { runtime, http } = serve();
    await runtime.start();
    const agent = new Agent({ keepAlive: true });
    try {
      const keepAlive = await new Promise<string | undefined>((resolve, reject) => {
        get({ host: '127.0.0.1', port: http.port, path: '/fast', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(String(res.headers['keep-alive'])));
        }).on('error', reject);
      });
      expect(keepAlive).toBe('timeout=65');
    } finally {
      agent.destroy();
    }
  });

  it('closes a connection idle for longer than keepAliveTimeoutMs', async () => {
    const { runtime, http } = serve({ keepAliveTimeoutMs: 1_000 });
    await runtime.start();
    const socket = connect(http.port, '127.0.0.1');
    const closedAfter = await new Promise<number>((resolve, reject) => {
      let answeredAt = 0;
      socket.on('data', () => {
        answeredAt = performance.now();
      });
      socket.on('close', () => resolve(performance.now() - answeredAt));
      socket.on('error', reject);
      socket.write('GET /fast HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n');
    });
    expect(closedAfter).toBeGreaterThanOrEqual(900);
    expect(closedAfter).toBeLessThan(5_000);
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
