/** Latency percentiles of one outcome, in ms. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * What a k6 scenario reports in summary.json as `result` (built by loadtests/lib/result.js):
 * what was sent, how it was answered, and whether the audit and thresholds passed.
 */
export interface RunResult {
  scenario: string;
  rate: number;
  duration: string;
  /** Prefix of every SKU, wallet, partner and show the run created. */
  runTag: string;
  requests: number;
  accepted: number;
  rejected: number;
  /** Refusals by error code (SOLD_OUT, SEATS_TAKEN, SKU_BUSY, ...). */
  rejectedByReason: Record<string, number>;
  errors: number;
  maxErrors: number;
  /** Errors by kind: 5xx, timeout, network, unexpected. */
  errorsByKind: Record<string, number>;
  /** Arrivals k6 could not start for lack of VUs: the load generator fell behind. */
  droppedIterations: number;
  /**
   * k6's http_req_failed rate over every request: the share answered with a status the
   * scenario did not declare expected (absent in summaries written before it was recorded).
   */
  httpReqFailedRate?: number;
  /** The refusal statuses the scenario declared expected besides 2xx, e.g. [409, 429]. */
  expectedStatuses?: number[];
  latencyMs: { accepted: Percentiles | null; rejected: Percentiles | null };
  /** Failing audit checks per service. */
  auditViolations: Record<string, number>;
  /** Orders and bookings still in flight when teardown stopped waiting. */
  unsettled: number;
  /** `metric expression` of every threshold that failed. */
  failedThresholds: string[];
  passed: boolean;
}
