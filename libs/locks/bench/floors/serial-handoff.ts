import { percentile } from '../measure.js';

/** Latency of one lock hand-off between two clients done by hand, one at a time. */
export interface SerialHandoff {
  handoffs: number;
  /** Hand-off latency in ms. */
  p50: number;
  p99: number;
  mean: number;
  /** 1000 / mean: the most hand-offs a second one key can see on this backend. */
  maxHandoffsPerSec: number;
}

/** Summarises measured hand-off latencies (ms). */
export function summariseHandoffs(latencies: number[]): SerialHandoff {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return {
    handoffs: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean,
    maxHandoffsPerSec: mean > 0 ? 1_000 / mean : Number.NaN,
  };
}
