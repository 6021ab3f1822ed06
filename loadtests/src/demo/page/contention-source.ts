import type { ContentionReport, ReplicaLinks, SourceStatus } from './contention-report.js';
import type { JaegerQuery, TracedSpan } from './jaeger-query.js';
import { buildLanes, hottestResources, pickLanes } from './lock-lanes.js';
import type { PrometheusQuery } from './prometheus-query.js';
import { readStrategySamples, strategyPanels } from './strategy-panels.js';

/** What {@link ContentionSource} reads from, and how much. */
export interface ContentionSourceOptions {
  jaeger: JaegerQuery;
  prometheus: PrometheusQuery;
  /** Start of the window read from Jaeger (ms since the epoch): the demo's start. */
  since: number;
  /** Lanes drawn besides those with a lost lease (default 6). */
  laneCount?: number;
  /** Traces asked of Jaeger per service and operation (default 1000; at most its max_traces). */
  traceLimit?: number;
  /** How the page links a trace when Jaeger has no UI; `{traceId}` is replaced. */
  ownTraceUrl: string;
}

/**
 * The lock spans' operations. Holds are searched too: a hold is usually in its acquire's trace,
 * but not when the holder had no span around its work.
 */
const lockOperations = ['lock.acquire', 'lock.hold', 'lock.cas'];
/** A report this fresh is served again: a page polling and a test reading at once ask once. */
const reuseMs = 1_000;
/** The UI does not come and go within a run; asking once a minute is plenty. */
const uiProbeEveryMs = 60_000;

/**
 * Builds the page's {@link ContentionReport} on demand from Jaeger (lanes, hottest resources)
 * and Prometheus (per-strategy panels, the replicas scraped). Concurrent requests share one
 * build. A source that does not answer leaves its part empty and says why.
 */
export class ContentionSource {
  private run: string | undefined;
  private listedReplicas: ReplicaLinks[] = [];
  /** The last build; `doneAt` is undefined while it runs. */
  private latest: { doneAt: number | undefined; report: Promise<ContentionReport> } | undefined;
  private ui: { at: number; present: Promise<boolean> } | undefined;

  constructor(private readonly options: ContentionSourceOptions) {}

  /**
   * From now on, reads Prometheus for this fleet run (its `run` label), and lists `replicas`
   * when Prometheus cannot say which replicas it scrapes.
   */
  follow(run: string, replicas: ReplicaLinks[]): void {
    this.run = run;
    this.listedReplicas = replicas;
    this.latest = undefined;
  }

  /**
   * The report, at most {@link reuseMs} old, or the one being built: on a busy machine a build
   * can outlast the page's poll interval, and builds must not pile up.
   */
  report(): Promise<ContentionReport> {
    const latest = this.latest;
    const doneAt = latest?.doneAt;
    if (latest !== undefined && (doneAt === undefined || Date.now() - doneAt <= reuseMs)) {
      return latest.report;
    }
    const build: NonNullable<typeof this.latest> = { doneAt: undefined, report: this.build() };
    const done = () => {
      build.doneAt = Date.now();
    };
    build.report.then(done, done);
    this.latest = build;
    return build.report;
  }

  /** Every span of one trace, read from Jaeger, in start order. */
  async trace(traceId: string): Promise<TracedSpan[]> {
    return (await this.options.jaeger.trace(traceId)).sort((a, b) => a.start - b.start);
  }

  private async build(): Promise<ContentionReport> {
    const [locks, prometheus, uiPresent] = await Promise.all([
      this.readLocks(),
      this.readPrometheus(),
      this.jaegerUiPresent(),
    ]);
    const lanes = buildLanes(locks.spans);
    const lostSpans = (strategy: string) =>
      lanes.filter((lane) => lane.strategy === strategy).reduce((n, lane) => n + lane.lost, 0);
    return {
      generatedAt: Date.now(),
      since: this.options.since,
      run: this.run,
      sources: { jaeger: locks.status, prometheus: prometheus.status },
      traceUrl: uiPresent ? `${this.options.jaeger.url}/trace/{traceId}` : this.options.ownTraceUrl,
      lanes: pickLanes(lanes, this.options.laneCount ?? 6),
      hottest: hottestResources(lanes, 10),
      strategies: prometheus.strategies.map((panel) => ({
        ...panel,
        lostSpans: lostSpans(panel.strategy),
      })),
      replicas: prometheus.replicas,
    };
  }

  private async readLocks(): Promise<{ spans: TracedSpan[]; status: SourceStatus }> {
    const { jaeger, since } = this.options;
    const limit = this.options.traceLimit ?? 1_000;
    try {
      const services = (await jaeger.services()).filter((service) => service !== 'jaeger');
      // Searching only the lock operations a service has seen halves the searches: most
      // services have no lock.cas, and services that lock nothing have none at all.
      const searches = await Promise.all(
        services.map(async (service) => {
          const known = new Set(await jaeger.operations(service));
          return lockOperations
            .filter((operation) => known.has(operation))
            .map((operation) => ({ service, operation, since, limit }));
        }),
      );
      const answers = await Promise.all(searches.flat().map((search) => jaeger.search(search)));
      // A search that filled its limit left older traces out; the page says so.
      const cut = answers.some((spans) => new Set(spans.map((s) => s.traceId)).size >= limit);
      // One order's trace comes back from the search of each service it crossed. Other runs
      // share Jaeger (tests, another demo): once the fleet is known, only its processes count,
      // whose instance ids end in its run id.
      const run = this.run;
      const spans = new Map<string, TracedSpan>();
      for (const span of answers.flat()) {
        if (!span.name.startsWith('lock.')) continue;
        if (run === undefined || span.instance.endsWith(run)) spans.set(span.spanId, span);
      }
      const traces = new Set([...spans.values()].map((span) => span.traceId)).size;
      return {
        spans: [...spans.values()],
        status: {
          url: jaeger.url,
          ok: true,
          detail: `${spans.size} lock spans · ${traces} traces · ${services.length} services${cut ? ` · only the newest ${limit} traces per search` : ''}`,
        },
      };
    } catch (error) {
      return { spans: [], status: { url: jaeger.url, ok: false, detail: messageOf(error) } };
    }
  }

  private async readPrometheus(): Promise<
    Pick<ContentionReport, 'strategies' | 'replicas'> & { status: SourceStatus }
  > {
    const { prometheus } = this.options;
    const run = this.run;
    const listed = this.listedReplicas;
    if (run === undefined) {
      const detail = 'waiting for the demo to start its replicas';
      return { strategies: [], replicas: [], status: { url: prometheus.url, ok: true, detail } };
    }
    try {
      const [samples, targets] = await Promise.all([
        readStrategySamples(prometheus, run),
        prometheus.targets(),
      ]);
      const scraped: ReplicaLinks[] = targets
        .filter((target) => target.labels.run === run)
        .map((target) => ({
          service: target.labels.service ?? '?',
          replica: target.labels.replica ?? target.labels.instance ?? '?',
          url: target.scrapeUrl.replace(/\/metrics$/, ''),
          health: target.health,
        }))
        .sort((a, b) => a.replica.localeCompare(b.replica));
      const strategies = strategyPanels(samples);
      return {
        strategies,
        replicas: scraped.length > 0 ? scraped : listed,
        status: {
          url: prometheus.url,
          ok: true,
          detail:
            scraped.length > 0
              ? `${scraped.length} replicas of run ${run} · ${strategies.length} lock strategies`
              : `no target of run ${run} yet (replicas listed by the demo)`,
        },
      };
    } catch (error) {
      const status = { url: prometheus.url, ok: false, detail: messageOf(error) };
      return { strategies: [], replicas: listed, status };
    }
  }

  private jaegerUiPresent(): Promise<boolean> {
    const now = Date.now();
    if (this.ui === undefined || now - this.ui.at > uiProbeEveryMs) {
      this.ui = { at: now, present: this.options.jaeger.uiPresent() };
    }
    return this.ui.present;
  }
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  return `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
}
