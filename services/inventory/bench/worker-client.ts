import { Worker } from 'node:worker_threads';

/** What a {@link timeFromWorker} run measured, at the client. */
export interface WorkerTimings {
  /** Milliseconds per request, in send order. */
  latencies: number[];
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
}

// Plain JavaScript for the worker (eval'd, so no TypeScript): sequential requests, one at a
// time, round-robin over the URLs, each timed from send to the last byte of the body; the
// first `warmUp` are sent but not timed. node:http with a keep-alive agent, because it writes
// a small request (headers and body) in one go, as most HTTP clients and k6 do; fetch writes
// the body separately, and the server would then time the gap between the two writes.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function send(url, path, method, body, extraHeaders) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? { ...extraHeaders } : {
      ...extraHeaders,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    const request = http.request(url + path, { method, headers, agent }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(body);
  });
}
(async () => {
  const { urls, path, method, body, headers, count, warmUp } = workerData;
  const latencies = [];
  const statuses = {};
  for (let i = 0; i < warmUp + count; i++) {
    const t0 = performance.now();
    const status = await send(urls[i % urls.length], path, method, body, headers);
    if (i < warmUp) continue;
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  agent.destroy();
  parentPort.postMessage({ latencies, statuses });
})().catch((error) => { throw error; });
`;

/**
 * Sends `count` sequential requests from a worker thread, so the client runs on an event loop
 * of its own: the in-process replicas' timings then measure the service alone, not the
 * client's work interleaved on the same thread.
 */
export function timeFromWorker(options: {
  urls: string[];
  path: string;
  method: 'GET' | 'POST';
  body?: string;
  /** Sent with every request besides the body's own (a customer's bearer token). */
  headers?: Record<string, string>;
  /** Requests timed. */
  count: number;
  /** Requests sent first and not timed (the JIT, the connections, the server's caches). */
  warmUp?: number;
}): Promise<WorkerTimings> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { warmUp: 0, headers: {}, ...options },
    });
    worker.once('message', (timings: WorkerTimings) => {
      resolve(timings);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`timing worker exited with ${code}`));
    });
  });
}
