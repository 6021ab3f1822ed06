import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { decodeTraceRequest } from './decode-protobuf.js';
import type { OtlpTraceRequest } from './otlp-trace-request.js';
import { type ReceivedSpan, receivedSpans } from './received-span.js';

/** Where {@link startOtlpReceiver} listens. */
export interface OtlpReceiverOptions {
  /** Port; default 0 (any free port). */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
}

/** A running receiver. */
export interface OtlpReceiver {
  /** Base URL to give as `otlpEndpoint` (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  /**
   * Resolves with the spans received so far that match `predicate`, as soon as there is at
   * least one; rejects after `timeoutMs` (default 5000) listing the span names received.
   */
  waitForSpans(
    predicate: (span: ReceivedSpan) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedSpan[]>;
  /** Stops listening, drops open connections and rejects pending waits. */
  close(): Promise<void>;
}

/** A pending {@link OtlpReceiver.waitForSpans}. */
interface Waiter {
  check(): void;
  fail(reason: string): void;
}

/** Bodies beyond this are refused; a real collector's default limit is in the same range. */
const maxBodyBytes = 16 * 1024 * 1024;
const gunzipAsync = promisify(gunzip);

/**
 * A small OTLP/HTTP trace receiver for tests and for local runs without Jaeger: a real HTTP
 * server taking `POST /v1/traces` as JSON or protobuf (optionally gzip-compressed), and
 * answering as a collector does, so exporters see success.
 */
export async function startOtlpReceiver(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const waiters = new Set<Waiter>();

  const server = createServer((request, response) => {
    handle(request, response).then(
      (spans) => {
        if (spans.length === 0) return;
        received.push(...spans);
        for (const waiter of waiters) waiter.check();
      },
      (error: unknown) => reply(response, 400, 'text/plain', `bad OTLP request: ${String(error)}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    spans: () => [...received],
    waitForSpans: (predicate, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const waiter: Waiter = {
          check: () => {
            const matching = received.filter(predicate);
            if (matching.length === 0) return;
            finish();
            resolve(matching);
          },
          fail: (reason) => {
            finish();
            reject(new Error(`${reason}; received: ${names(received)}`));
          },
        };
        const timer = setTimeout(
          () => waiter.fail(`no matching span within ${timeoutMs} ms`),
          timeoutMs,
        );
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(waiter);
        };
        waiters.add(waiter);
        waiter.check();
      }),
    close: async () => {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      // Exporters keep connections alive; without this close() would wait for them to idle.
      server.closeAllConnections();
      for (const waiter of waiters) waiter.fail('receiver closed');
      await closing;
    },
  };
}

/** Answers one request; resolves with the spans it carried (none for a refused request). */
async function handle(request: IncomingMessage, response: ServerResponse): Promise<ReceivedSpan[]> {
  const path = request.url?.split('?', 1)[0];
  if (path !== '/v1/traces') {
    reply(response, 404, 'text/plain', 'only /v1/traces is served');
    return [];
  }
  if (request.method !== 'POST') {
    reply(response, 405, 'text/plain', 'POST only');
    return [];
  }
  const type = (request.headers['content-type'] ?? '').split(';', 1)[0]?.trim();
  if (type !== 'application/json' && type !== 'application/x-protobuf') {
    reply(response, 415, 'text/plain', 'application/json or application/x-protobuf');
    return [];
  }
  let body = await readBody(request);
  if (request.headers['content-encoding'] === 'gzip') body = await gunzipAsync(body);
  const export_: OtlpTraceRequest =
    type === 'application/json'
      ? (JSON.parse(body.toString('utf8')) as OtlpTraceRequest)
      : decodeTraceRequest(body);
  const spans = receivedSpans(export_);
  // An empty ExportTraceServiceResponse: full success, in the encoding of the request.
  if (type === 'application/json') reply(response, 200, type, '{}');
  else reply(response, 200, type, Buffer.alloc(0));
  return spans;
}

function names(spans: ReceivedSpan[]): string {
  return spans.map((span) => span.name).join(', ') || 'none';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new Error(`body larger than ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': type }).end(body);
}
