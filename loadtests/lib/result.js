import { errorKinds } from './outcomes.js';
import { settings } from './settings.js';
import { services } from './targets.js';

// The outcome of a run in one small object, built from k6's end-of-test data. It is written
// into summary.json as `result`, which the runner and the smoke tests read.

const count = (data, name) => data.metrics[name]?.values?.count ?? 0;

function percentiles(data, metric) {
  const values = data.metrics[metric]?.values;
  if (values === undefined) return null;
  return { p50: values['p(50)'], p95: values['p(95)'], p99: values['p(99)'], max: values.max };
}

/** `metric expression` for every threshold that failed. */
function failedThresholds(data) {
  const crossed = [];
  for (const [name, metric] of Object.entries(data.metrics)) {
    for (const [expression, outcome] of Object.entries(metric.thresholds ?? {})) {
      if (!outcome.ok) crossed.push(`${name} ${expression}`);
    }
  }
  return crossed;
}

/**
 * What the run did and whether it passed; `refusals` are the reasons the scenario expects,
 * `expectedStatuses` the refusal statuses it declared expected (besides 2xx).
 */
export function runResult(data, refusals, expectedStatuses) {
  const failed = failedThresholds(data);
  return {
    scenario: settings.scenario,
    rate: settings.rate,
    duration: settings.duration,
    runTag: settings.runTag,
    requests: count(data, 'lockstep_requests'),
    accepted: count(data, 'lockstep_requests{outcome:accepted}'),
    rejected: count(data, 'lockstep_requests{outcome:rejected}'),
    rejectedByReason: Object.fromEntries(
      refusals.map((reason) => [reason, count(data, `lockstep_rejected{reason:${reason}}`)]),
    ),
    errors: count(data, 'lockstep_errors'),
    maxErrors: settings.maxErrors,
    errorsByKind: Object.fromEntries(
      errorKinds.map((kind) => [kind, count(data, `lockstep_errors{kind:${kind}}`)]),
    ),
    droppedIterations: count(data, 'dropped_iterations'),
    // Statuses no endpoint of the scenario promises, over every request (seeding and audit too).
    httpReqFailedRate: data.metrics.http_req_failed?.values?.rate ?? 0,
    expectedStatuses,
    latencyMs: {
      accepted: percentiles(data, 'lockstep_accepted_duration'),
      rejected: percentiles(data, 'lockstep_rejected_duration'),
    },
    auditViolations: Object.fromEntries(
      services.map((s) => [s, count(data, `lockstep_audit_violations{service:${s}}`)]),
    ),
    unsettled: count(data, 'lockstep_unsettled'),
    failedThresholds: failed,
    passed: failed.length === 0,
  };
}
