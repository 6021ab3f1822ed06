import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** How one request ended, as loadtests/lib/outcomes.js classifies it. */
export type Outcome = 'accepted' | 'rejected' | 'error';

/** The outcomes, in the order charts and tables list them. */
export const outcomes: readonly Outcome[] = ['accepted', 'rejected', 'error'];

/** One audit check as the k6 teardown recorded it (lockstep_audit_checks). */
export interface RecordedCheck {
  service: string;
  check: string;
  ok: boolean;
  counts: Record<string, number>;
}

/** A run's points, folded into one bucket per second from its first arrival. */
export interface RunSeries {
  /** Buckets in every series below (second 0 is the first arrival's). */
  seconds: number;
  /** Response times per outcome, each second's in ascending order, ms. */
  latencyMs: Record<Outcome, number[][]>;
  /** Answers per HTTP status (`0`: no answer), per second; the run's own requests only. */
  statuses: Map<string, number[]>;
  /** Requests sent per second. */
  sent: number[];
  /** Answers classified per second, per outcome. */
  answered: Record<Outcome, number[]>;
  /** Arrivals k6 could not start (no VU free), per second. */
  dropped: number[];
  /** Every audit check of the teardown, in the order recorded. */
  auditChecks: RecordedCheck[];
}

/** One line of k6's JSON output (`--out json=...`) that carries a sample. */
interface K6Point {
  type: string;
  metric: string;
  data: { time: string; value: number; tags?: Record<string, string> };
}

type Sample = { at: number; value: number; tags: Record<string, string> };

const durationMetrics: Record<string, Outcome> = {
  lockstep_accepted_duration: 'accepted',
  lockstep_rejected_duration: 'rejected',
  lockstep_error_duration: 'error',
};

const wanted = new Set([
  ...Object.keys(durationMetrics),
  'lockstep_arrivals',
  'lockstep_requests',
  'dropped_iterations',
  'http_reqs',
  'lockstep_audit_checks',
]);

/**
 * Reads a k6 points file (JSON lines, gzipped when the name ends in .gz) and folds it into
 * per-second series. Seeding in setup() and settling and auditing in teardown() are left out of
 * the series (their `group` tag is `::setup` / `::teardown`), except the audit checks.
 * Undefined when the file does not exist (k6 failed before it wrote one).
 */
export async function readRunSeries(file: string): Promise<RunSeries | undefined> {
  if (!existsSync(file)) return undefined;
  const byMetric = new Map<string, Sample[]>();
  const input = createReadStream(file);
  const lines = createInterface({
    input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    // Cheap filter first: a run writes a dozen points per request, and most are not charted.
    if (
      !line.startsWith('{"metric":"lockstep_') &&
      !/^\{"metric":"(http_reqs|dropped_iterations)"/.test(line)
    ) {
      continue;
    }
    const point = JSON.parse(line) as K6Point;
    if (point.type !== 'Point' || !wanted.has(point.metric)) continue;
    const list = byMetric.get(point.metric) ?? [];
    list.push({
      at: Date.parse(point.data.time),
      value: point.data.value,
      tags: point.data.tags ?? {},
    });
    byMetric.set(point.metric, list);
  }
  return foldSeries(byMetric);
}

/** Whether a sample belongs to the load itself, not to setup() or teardown(). */
const underLoad = (sample: Sample) => !(sample.tags.group ?? '').startsWith('::');

function foldSeries(byMetric: Map<string, Sample[]>): RunSeries {
  const samples = (metric: string) => (byMetric.get(metric) ?? []).filter(underLoad);
  const starts = [...samples('lockstep_arrivals'), ...samples('dropped_iterations')];
  const all = starts.length > 0 ? starts : [...byMetric.values()].flat().filter(underLoad);
  const t0 = all.reduce((min, s) => Math.min(min, s.at), Number.POSITIVE_INFINITY);
  const last = [...byMetric.values()]
    .flat()
    .filter(underLoad)
    .reduce((max, s) => Math.max(max, s.at), t0);
  const seconds = Number.isFinite(t0) ? Math.floor((last - t0) / 1000) + 1 : 0;
  const second = (s: Sample) => Math.max(0, Math.min(seconds - 1, Math.floor((s.at - t0) / 1000)));
  const counts = (list: Sample[]) => {
    const buckets = new Array<number>(seconds).fill(0);
    for (const s of list) buckets[second(s)] = (buckets[second(s)] ?? 0) + s.value;
    return buckets;
  };

  const latencyMs = { accepted: [], rejected: [], error: [] } as Record<Outcome, number[][]>;
  for (const outcome of outcomes) latencyMs[outcome] = Array.from({ length: seconds }, () => []);
  for (const [metric, outcome] of Object.entries(durationMetrics)) {
    for (const s of samples(metric)) latencyMs[outcome][second(s)]?.push(s.value);
  }
  for (const outcome of outcomes)
    for (const bucket of latencyMs[outcome]) bucket.sort((a, b) => a - b);

  const byStatus = new Map<string, Sample[]>();
  for (const s of samples('http_reqs')) {
    const status = s.tags.status ?? '0';
    const list = byStatus.get(status) ?? [];
    list.push(s);
    byStatus.set(status, list);
  }
  const statuses = new Map<string, number[]>();
  for (const status of [...byStatus.keys()].sort()) {
    statuses.set(status, counts(byStatus.get(status) ?? []));
  }

  const requests = samples('lockstep_requests');
  const answered = {} as Record<Outcome, number[]>;
  for (const outcome of outcomes)
    answered[outcome] = counts(requests.filter((s) => s.tags.outcome === outcome));

  return {
    seconds,
    latencyMs,
    statuses,
    sent: counts(samples('lockstep_arrivals')),
    answered,
    dropped: counts(samples('dropped_iterations')),
    auditChecks: (byMetric.get('lockstep_audit_checks') ?? []).map(({ tags }) => ({
      service: tags.service ?? '?',
      check: tags.check ?? '?',
      ok: tags.ok === 'true',
      counts: parseCounts(tags.counts),
    })),
  };
}

function parseCounts(text: string | undefined): Record<string, number> {
  try {
    return JSON.parse(text ?? '{}') as Record<string, number>;
  } catch {
    // A tag cut short or not JSON: the check is still listed, without its counts.
    return {};
  }
}

/** The value at quantile `q` (0..1) of an ascending list; null when it is empty. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
}
