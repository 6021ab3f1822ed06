import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Fleet } from '@lockstep/infra-local';
import { loadtestsRoot } from '../../paths.js';
import { ContentionSource } from './contention-source.js';
import { JaegerQuery } from './jaeger-query.js';
import { PrometheusQuery } from './prometheus-query.js';

/** Where the page listens and what it reads. */
export interface ContentionPageOptions {
  host: string;
  /** 0 picks a free port; a taken port falls back to a free one rather than failing the demo. */
  port: number;
  /** Jaeger's query API (`http://127.0.0.1:16686`). */
  jaegerUrl: string;
  /** Prometheus (`http://127.0.0.1:9090`). */
  prometheusUrl: string;
  /** Start of the window shown (ms since the epoch). */
  since: number;
}

/** The running page. */
export interface ContentionPage {
  /** `http://host:port/`. */
  readonly url: string;
  /**
   * Shows this fleet's run: Prometheus is asked about its `run` label, and its replicas are
   * listed as the fleet started them should Prometheus not (yet) scrape them.
   */
  follow(fleet: Fleet): void;
  close(): Promise<void>;
}

// Read from the sources in both layouts (tsx runs src/, and dist/ has no copy of static/).
const staticDir = join(loadtestsRoot, 'src', 'demo', 'page', 'static');
const types: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
/** `/page.js`, `/lanes.js`, `/page.css`: a flat folder, no path reaches outside it. */
const assetPath = /^\/([a-z-]+)\.(js|css)$/;

/**
 * The lock-contention page: one static page (index.html, page.js, page.css) and two JSON
 * endpoints, `/api/contention` (lanes, histograms, hottest resources, replicas) and
 * `/api/trace/<id>` (one trace's spans, for the page's own trace view at `/trace/<id>`).
 */
export async function startContentionPage(options: ContentionPageOptions): Promise<ContentionPage> {
  const source = new ContentionSource({
    jaeger: new JaegerQuery(options.jaegerUrl),
    prometheus: new PrometheusQuery(options.prometheusUrl),
    since: options.since,
    ownTraceUrl: '/trace/{traceId}',
  });
  const server = createServer((request, response) => {
    route(source, request, response).catch((error: unknown) => {
      // Only the one answer fails; the page retries on its next poll.
      if (!response.headersSent) send(response, 500, 'text/plain', String(error));
      else response.destroy();
    });
  });
  const port = await listen(server, options.host, options.port).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    return listen(server, options.host, 0);
  });
  return {
    url: `http://${options.host}:${port}/`,
    follow: (fleet) =>
      source.follow(
        fleet.runId,
        fleet.allReplicas().map((replica) => ({
          service: replica.spec.service,
          replica: replica.spec.name,
          url: replica.url,
          health: 'listed',
        })),
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function route(
  source: ContentionSource,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://page').pathname;
  if (request.method !== 'GET') return send(response, 405, 'text/plain', 'GET only');
  if (path === '/api/contention') return sendJson(response, await source.report());
  const trace = /^\/api\/trace\/([0-9a-f]{16,32})$/.exec(path);
  if (trace?.[1]) {
    return sendJson(response, { traceId: trace[1], spans: await source.trace(trace[1]) });
  }
  if (path === '/' || path.startsWith('/trace/')) {
    return send(response, 200, types.html as string, await readFile(join(staticDir, 'index.html')));
  }
  const asset = assetPath.exec(path);
  const file = asset
    ? await readFile(join(staticDir, `${asset[1]}.${asset[2]}`)).catch(() => undefined)
    : undefined;
  if (asset === null || file === undefined) return send(response, 404, 'text/plain', 'not found');
  send(response, 200, types[asset[2] as string] as string, file);
}

function sendJson(response: ServerResponse, body: unknown): void {
  send(response, 200, 'application/json', JSON.stringify(body));
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
