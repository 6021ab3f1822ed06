/**
 * The JSON the lock-contention page draws (`GET /api/contention`). Times are ms since the
 * epoch; everything comes from Jaeger's query API and Prometheus, nothing from the demo.
 */

/** Whether a data source answered, and what it gave. */
export interface SourceStatus {
  /** Base URL asked. */
  url: string;
  /** False when it did not answer or answered an error. */
  ok: boolean;
  /** One line for the page: what was read, or why nothing was. */
  detail: string;
}

/** One acquire of a resource and, when it succeeded, the hold that followed. */
export interface LockAttempt {
  /** The trace of the acquire (of the hold, when no acquire was read). */
  traceId: string;
  /** The hold's trace, when it is not the acquire's (a holder with no span around its work). */
  holdTraceId?: string;
  /** Who asked: the process's `service.instance.id`, or its service name. */
  holder: string;
  /** `service.name` of that process. */
  service: string;
  /** Start and end of the `lock.acquire` (or `lock.cas`) span: the wait. */
  waitStart: number;
  waitEnd: number;
  /** Start and end of the `lock.hold` span; absent when the acquire failed or no hold was seen. */
  holdStart?: number;
  holdEnd?: number;
  /** `lock.outcome` of the acquire: acquired, timeout, cancelled, unavailable (CAS: applied, exhausted, aborted). */
  outcome: string;
  /** `lock.outcome` of the hold: released or lost. */
  holdOutcome?: string;
  /** `lock.loss_reason` of a lost hold (deadline, session-expired, ...). */
  lossReason?: string;
  /** The fencing token (`lock.token`), when the strategy has one. */
  token?: string;
  /** Whether the acquire found the lock held (CAS: lost a race) at least once. */
  contended: boolean;
  /** Span ids, to find each span in its trace. */
  acquireSpanId?: string;
  holdSpanId?: string;
  /** Span ids of the acquires this one queued directly behind (its `waited_behind` links). */
  behind: string[];
}

/** Everything seen on one resource, as one timeline lane. */
export interface ResourceLane {
  resource: string;
  strategy: string;
  /** In wait-start order. */
  attempts: LockAttempt[];
  /** `lock.hold` spans seen: the lane's holders. */
  holds: number;
  /** Acquires that found the lock held. */
  contended: number;
  /** Holds that ended lost. */
  lost: number;
  /** Sum of every acquire's wait, in ms. */
  waitedMs: number;
  /** Earliest wait start and latest end of any span in the lane. */
  start: number;
  end: number;
}

/** One row of the hottest-resources table. */
export interface HotResource {
  resource: string;
  strategy: string;
  acquires: number;
  contended: number;
  holds: number;
  lost: number;
  waitedMs: number;
  /** The part of it spent queued behind another holder (contended acquires), in ms. */
  queuedMs: number;
  /** The 95th percentile of the acquires' waits, in ms. */
  waitP95Ms: number;
}

/** One histogram bar: observations in (previous bound, `le`]. */
export interface HistogramBucket {
  /** Upper bound in ms; Infinity is sent as null. */
  le: number | null;
  count: number;
}

/** One lock strategy's figures from Prometheus (the replicas' own lock metrics). */
export interface StrategyPanel {
  strategy: string;
  /** Acquire outcomes counted (`lock_acquire_outcomes_total`), or waits observed for CAS. */
  acquires: number;
  /** Share of acquires that found the lock held; null where the strategy counts none (CAS). */
  contendedShare: number | null;
  /** Leases the replicas counted lost (`lock_lost_total`). */
  lost: number;
  /**
   * `lock.hold` spans of the run that ended lost, from Jaeger. Unlike `lost` it counts holders
   * Prometheus does not scrape, such as the demo's paused holder.
   */
  lostSpans: number;
  /** `lock_wait_duration` and `lock_hold_duration` per bucket (not cumulative). */
  wait: HistogramBucket[];
  hold: HistogramBucket[];
}

/** Where one replica answers, and the three pages worth opening on it. */
export interface ReplicaLinks {
  service: string;
  /** Replica name (`inventory-a`). */
  replica: string;
  /** Base URL (`http://127.0.0.1:41234`). */
  url: string;
  /** Prometheus's view of it: up, down, unknown; `listed` when Prometheus was not asked. */
  health: string;
}

/** The whole page. */
export interface ContentionReport {
  generatedAt: number;
  /** Start of the window read: when the demo started. */
  since: number;
  /** The fleet run whose replicas Prometheus is asked about; undefined until it starts. */
  run: string | undefined;
  sources: { jaeger: SourceStatus; prometheus: SourceStatus };
  /** Link for a trace, `{traceId}` to be replaced: Jaeger's UI when it is there, else ours. */
  traceUrl: string;
  /** The hottest resources' lanes, plus every lane with a lost lease. */
  lanes: ResourceLane[];
  hottest: HotResource[];
  strategies: StrategyPanel[];
  replicas: ReplicaLinks[];
}
