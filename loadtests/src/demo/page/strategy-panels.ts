import type { HistogramBucket, StrategyPanel } from './contention-report.js';
import type { PrometheusQuery, PrometheusSample } from './prometheus-query.js';

/** The instant queries one panel per strategy is made of, for the replicas of one run. */
export function strategyQueries(run: string): Record<keyof StrategySamples, string> {
  const of = `{run="${run.replaceAll('"', '')}"}`;
  return {
    wait: `sum by (lock_strategy, le) (lock_wait_duration_bucket${of})`,
    hold: `sum by (lock_strategy, le) (lock_hold_duration_bucket${of})`,
    waits: `sum by (lock_strategy) (lock_wait_duration_count${of})`,
    outcomes: `sum by (lock_strategy) (lock_acquire_outcomes_total${of})`,
    contended: `sum by (lock_strategy) (lock_contended_total${of})`,
    lost: `sum by (lock_strategy) (lock_lost_total${of})`,
  };
}

/** The answers to {@link strategyQueries}. */
export interface StrategySamples {
  wait: PrometheusSample[];
  hold: PrometheusSample[];
  waits: PrometheusSample[];
  outcomes: PrometheusSample[];
  contended: PrometheusSample[];
  lost: PrometheusSample[];
}

/** Asks Prometheus every query of {@link strategyQueries} at once. */
export async function readStrategySamples(
  prometheus: PrometheusQuery,
  run: string,
): Promise<StrategySamples> {
  const queries = strategyQueries(run);
  const [wait, hold, waits, outcomes, contended, lost] = await Promise.all(
    [
      queries.wait,
      queries.hold,
      queries.waits,
      queries.outcomes,
      queries.contended,
      queries.lost,
    ].map((expr) => prometheus.instant(expr)),
  );
  return {
    wait: wait ?? [],
    hold: hold ?? [],
    waits: waits ?? [],
    outcomes: outcomes ?? [],
    contended: contended ?? [],
    lost: lost ?? [],
  };
}

/**
 * One panel per strategy seen: wait and hold histograms (cumulative `le` buckets turned into
 * counts per bucket), acquires, the contended share and lost leases. CAS counts no acquire
 * outcomes or contention, so its acquires are its observed waits and its share is null.
 */
export function strategyPanels(samples: StrategySamples): StrategyPanel[] {
  const strategies = new Set(
    [...samples.wait, ...samples.waits, ...samples.outcomes].map(
      (sample) => sample.labels.lock_strategy ?? '?',
    ),
  );
  const total = (list: PrometheusSample[], strategy: string) =>
    list.filter((s) => s.labels.lock_strategy === strategy).reduce((sum, s) => sum + s.value, 0);
  return [...strategies].sort().map((strategy) => {
    const outcomes = total(samples.outcomes, strategy);
    const counted = outcomes > 0;
    return {
      strategy,
      acquires: counted ? outcomes : total(samples.waits, strategy),
      contendedShare: counted ? total(samples.contended, strategy) / outcomes : null,
      lost: total(samples.lost, strategy),
      // Filled in from Jaeger's spans by the caller, which has them.
      lostSpans: 0,
      wait: bucketsOf(samples.wait, strategy),
      hold: bucketsOf(samples.hold, strategy),
    };
  });
}

/** Cumulative Prometheus buckets of one strategy as a count per bucket, smallest bound first. */
export function bucketsOf(samples: PrometheusSample[], strategy: string): HistogramBucket[] {
  const cumulative = samples
    .filter((s) => s.labels.lock_strategy === strategy && s.labels.le !== undefined)
    // Prometheus writes the last bound `+Inf`, which Number() does not read.
    .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), total: s.value }))
    .sort((a, b) => a.le - b.le);
  return cumulative.map((bucket, i) => ({
    le: Number.isFinite(bucket.le) ? bucket.le : null,
    count: Math.max(0, bucket.total - (cumulative[i - 1]?.total ?? 0)),
  }));
}
