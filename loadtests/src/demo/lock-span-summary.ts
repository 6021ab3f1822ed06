import type { ReceivedSpan } from '@lockstep/telemetry/testing';

/** What the lock spans of one strategy say about contention. */
export interface StrategySummary {
  strategy: string;
  /** Acquire attempts seen (`lock.acquire`, or `lock.cas` for compare-and-swap). */
  acquires: number;
  /** Share of them that found the lock held (or, for CAS, lost a race) at least once. */
  contendedShare: number;
  /** How long acquires waited, in ms. */
  wait: { p50: number; p99: number };
  /** How long leases were held, in ms (none for CAS, which holds nothing). */
  hold: { p50: number; p99: number } | undefined;
  /** The resources acquires waited on longest in total, most first. */
  hottest: Array<{ resource: string; waitedMs: number; acquires: number }>;
}

const durationMs = (span: ReceivedSpan) =>
  Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;

function percentiles(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Folds the lock spans of a run into one summary per strategy: wait and hold percentiles, the
 * contended share, and the hottest resources. The same figures the Grafana dashboard shows
 * from metrics, computed here from spans for a machine with no Grafana.
 */
export function summariseLockSpans(spans: readonly ReceivedSpan[], hottest = 3): StrategySummary[] {
  const byStrategy = new Map<string, { acquires: ReceivedSpan[]; holds: ReceivedSpan[] }>();
  for (const span of spans) {
    const strategy = span.attributes['lock.strategy'];
    if (typeof strategy !== 'string') continue;
    const entry = byStrategy.get(strategy) ?? { acquires: [], holds: [] };
    if (span.name === 'lock.acquire' || span.name === 'lock.cas') entry.acquires.push(span);
    else if (span.name === 'lock.hold') entry.holds.push(span);
    byStrategy.set(strategy, entry);
  }
  return [...byStrategy.entries()]
    .filter(([, { acquires }]) => acquires.length > 0)
    .map(([strategy, { acquires, holds }]) => {
      const perResource = new Map<string, { waitedMs: number; acquires: number }>();
      for (const span of acquires) {
        const resource = String(span.attributes['lock.resource'] ?? '?');
        const entry = perResource.get(resource) ?? { waitedMs: 0, acquires: 0 };
        entry.waitedMs += durationMs(span);
        entry.acquires += 1;
        perResource.set(resource, entry);
      }
      return {
        strategy,
        acquires: acquires.length,
        contendedShare:
          acquires.filter((span) => span.attributes['lock.contended'] === true).length /
          acquires.length,
        wait: percentiles(acquires.map(durationMs)),
        hold: holds.length > 0 ? percentiles(holds.map(durationMs)) : undefined,
        hottest: [...perResource.entries()]
          .map(([resource, entry]) => ({ resource, ...entry }))
          .sort((a, b) => b.waitedMs - a.waitedMs)
          .slice(0, hottest),
      };
    })
    .sort((a, b) => a.strategy.localeCompare(b.strategy));
}

/** The summaries as a plain-text table, one line per strategy, then the hottest resources. */
export function formatLockSummary(summaries: readonly StrategySummary[]): string {
  if (summaries.length === 0) return '  (no lock spans received)';
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const header = `  ${'strategy'.padEnd(10)} ${'acquires'.padStart(8)} ${'contended'.padStart(9)} ${'wait p50'.padStart(10)} ${'wait p99'.padStart(10)} ${'hold p50'.padStart(10)} ${'hold p99'.padStart(10)}`;
  const rows = summaries.map(
    (s) =>
      `  ${s.strategy.padEnd(10)} ${String(s.acquires).padStart(8)} ${`${(s.contendedShare * 100).toFixed(0)}%`.padStart(9)} ${ms(s.wait.p50).padStart(10)} ${ms(s.wait.p99).padStart(10)} ${(s.hold ? ms(s.hold.p50) : '-').padStart(10)} ${(s.hold ? ms(s.hold.p99) : '-').padStart(10)}`,
  );
  const hot = summaries.map(
    (s) =>
      `  hottest ${s.strategy}: ${s.hottest
        .map(
          (h) =>
            `${h.resource} (${h.acquires} acquires, ${(h.waitedMs / 1000).toFixed(1)} s waited)`,
        )
        .join('; ')}`,
  );
  return [header, ...rows, '', ...hot].join('\n');
}
