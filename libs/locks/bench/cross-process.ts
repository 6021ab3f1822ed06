import { fileURLToPath } from 'node:url';
import { startTsxChild } from '@lockstep/testkit';
import { epochNow } from './epoch-clock.js';
import { percentile } from './measure.js';

const workerPath = fileURLToPath(new URL('./contention-worker.ts', import.meta.url));

/** How a cross-process run is shaped. */
export interface CrossProcessOptions {
  /** Worker processes, each with its own client (as replicas have). */
  processes: number;
  /** Concurrent acquire loops inside each process. */
  loopsPerProcess: number;
  /** Unmeasured time all processes contend before the window opens, in ms. */
  warmupMs: number;
  /** The common measured window, in ms. */
  windowMs: number;
  /** The hot key every process contends on. */
  hotKey: string;
}

/** What N processes on one hot key achieved in the common window. */
export interface CrossProcessResult {
  processes: number;
  loopsPerProcess: number;
  /** Acquisitions in the window, per second. */
  opsPerSec: number;
  /** Acquisitions by a different loop than the previous holder, per second. */
  handoffsPerSec: number;
  /** Acquisitions by a different process than the previous holder, per second. */
  crossProcessHandoffsPerSec: number;
  /** Wait from asking to holding, in ms. */
  p50: number;
  p99: number;
  max: number;
  /** Each loop's share of the window's acquisitions (sums to 1). */
  shares: number[];
  /** Smallest share over largest: 1 is perfectly even, 0 means some loop starved. */
  minMaxRatio: number;
  /** Jain's fairness index over the loops' acquisition counts: 1 even, 1/n one loop took all. */
  jain: number;
  errors: number;
}

/**
 * Starts `processes` contention workers on `subject`, waits until every one is connected,
 * gives them one common start, warm-up and window (epoch times, so no process's start-up
 * skews the window), then merges their acquisitions in time order to count hand-offs.
 */
export async function runCrossProcess(
  subject: string,
  options: CrossProcessOptions,
): Promise<CrossProcessResult> {
  const children = Array.from({ length: options.processes }, (_, i) =>
    startTsxChild(
      workerPath,
      [subject, options.hotKey, String(options.loopsPerProcess)],
      `contention worker ${i}`,
    ),
  );
  try {
    await Promise.all(children.map((c) => c.next('ready')));
    const startAt = epochNow() + 100;
    const measureFrom = startAt + options.warmupMs;
    const stopAt = measureFrom + options.windowMs;
    for (const child of children) child.send(`run ${startAt} ${measureFrom} ${stopAt}`);
    const reports = await Promise.all(children.map((c) => c.next('done')));
    await Promise.all(children.map((c) => c.exited));
    return summarise(reports as unknown as WorkerReport[], options);
  } finally {
    for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGKILL');
  }
}

interface WorkerReport {
  /** Per loop: [acquired at, wait], in µs; times count from the window's start. */
  acquisitions: Array<Array<[number, number]>>;
  errors: number;
}

function summarise(reports: WorkerReport[], options: CrossProcessOptions): CrossProcessResult {
  const events: Array<{ at: number; wait: number; process: number; loop: number }> = [];
  const counts: number[] = [];
  reports.forEach((report, worker) => {
    for (const own of report.acquisitions) {
      const loop = counts.push(own.length) - 1;
      for (const [at, wait] of own) events.push({ at, wait: wait / 1_000, process: worker, loop });
    }
  });
  events.sort((a, b) => a.at - b.at);
  let handoffs = 0;
  let crossProcess = 0;
  for (let i = 1; i < events.length; i++) {
    const [before, now] = [events[i - 1], events[i]];
    if (before === undefined || now === undefined) continue;
    if (before.loop !== now.loop) handoffs++;
    if (before.process !== now.process) crossProcess++;
  }
  const waits = events.map((e) => e.wait).sort((a, b) => a - b);
  const seconds = options.windowMs / 1_000;
  const total = events.length;
  const sumSquares = counts.reduce((sum, c) => sum + c * c, 0);
  return {
    processes: options.processes,
    loopsPerProcess: options.loopsPerProcess,
    opsPerSec: total / seconds,
    handoffsPerSec: handoffs / seconds,
    crossProcessHandoffsPerSec: crossProcess / seconds,
    p50: percentile(waits, 50),
    p99: percentile(waits, 99),
    max: waits.at(-1) ?? Number.NaN,
    shares: counts.map((c) => (total === 0 ? 0 : c / total)),
    minMaxRatio: Math.max(...counts) === 0 ? 0 : Math.min(...counts) / Math.max(...counts),
    jain: sumSquares === 0 ? 0 : (total * total) / (counts.length * sumSquares),
    errors: reports.reduce((sum, r) => sum + r.errors, 0),
  };
}
