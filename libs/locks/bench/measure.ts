import { monotonicNow } from '../src/clock.js';

/** One lock+unlock cycle: acquire resolves with the function that releases. */
export interface BenchClient {
  /** Acquires `resource` (waiting if held) and resolves with its release function. */
  acquire(resource: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** What one scenario measured for one subject. */
export interface ScenarioResult {
  /** Completed lock+unlock cycles per second over the whole run. */
  opsPerSec: number;
  /** Acquire latency percentiles in ms (for contended runs this is the wait). */
  p50: number;
  p99: number;
  max: number;
  cycles: number;
  /** How long the scenario ran, in ms. */
  elapsedMs: number;
  /**
   * Acquisitions by a different worker than the previous holder, per second. On a hot key this
   * is the real hand-off rate: a lock that lets its releasing worker re-take it at once (barging)
   * shows high ops/s but few hand-offs and long waits for everyone else.
   */
  handoffsPerSec: number;
  errors: number;
}

/** The `p`th percentile of ascending `sorted` values (NaN when empty). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Runs `workers` loops for `durationMs`, each acquiring then releasing; every worker uses its
 * own key (uncontended) or all share one hot key (contended). Errors are counted, not thrown,
 * so a peer that gives up under contention shows as errors rather than ending the run.
 */
export async function runScenario(
  client: BenchClient,
  options: { workers: number; durationMs: number; hotKey: boolean; keyPrefix: string },
): Promise<ScenarioResult> {
  const latencies: number[] = [];
  let errors = 0;
  let handoffs = 0;
  let lastHolder = -1;
  const started = monotonicNow();
  const stopAt = started + options.durationMs;
  const worker = async (index: number) => {
    const resource = options.hotKey ? `${options.keyPrefix}:hot` : `${options.keyPrefix}:${index}`;
    while (monotonicNow() < stopAt) {
      const t0 = monotonicNow();
      try {
        const release = await client.acquire(resource);
        latencies.push(monotonicNow() - t0);
        if (lastHolder !== index) handoffs++;
        lastHolder = index;
        await release();
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, i) => worker(i)));
  const elapsedSec = (monotonicNow() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSec: latencies.length / elapsedSec,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    cycles: latencies.length,
    elapsedMs: elapsedSec * 1_000,
    handoffsPerSec: handoffs / elapsedSec,
    errors,
  };
}

/**
 * One result from rounds of the same scenario: rates over the summed time, latency
 * percentiles as the median of the rounds' (the rounds' samples are not kept), max of maxes.
 * The bench interleaves subjects round by round, so a burst of load from elsewhere on a shared
 * machine lands on all of them instead of on whichever ran during it.
 */
export function combineRounds(rounds: ScenarioResult[]): ScenarioResult {
  const sum = (pick: (r: ScenarioResult) => number) => rounds.reduce((t, r) => t + pick(r), 0);
  const median = (pick: (r: ScenarioResult) => number) =>
    percentile(
      rounds.map(pick).sort((a, b) => a - b),
      50,
    );
  const elapsedMs = sum((r) => r.elapsedMs);
  return {
    opsPerSec: sum((r) => r.cycles) / (elapsedMs / 1_000),
    p50: median((r) => r.p50),
    p99: median((r) => r.p99),
    max: Math.max(...rounds.map((r) => r.max)),
    cycles: sum((r) => r.cycles),
    elapsedMs,
    handoffsPerSec: sum((r) => r.handoffsPerSec * (r.elapsedMs / 1_000)) / (elapsedMs / 1_000),
    errors: sum((r) => r.errors),
  };
}
