import { Worker } from 'node:worker_threads';

/** What a {@link timeFromWorker} run measured, at the client. */
export interface WorkerTimings {
  /** Milliseconds per request, in send order. */
  latencies: number[];
  /** Answers by HTTP status. */
  statuses: Record<string, number>;
}

// Plain JavaScript for the worker (eval'd, so no TypeScript): sequential requests, one at a
// time, round-robin over the URLs, each timed from send to the last byte of the body.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { urls, path, method, body, count } = workerData;
  const latencies = [];
  const statuses = {};
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const response = await fetch(urls[i % urls.length] + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body,
    });
    await response.text();
    latencies.push(performance.now() - t0);
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
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
  count: number;
}): Promise<WorkerTimings> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: options });
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
