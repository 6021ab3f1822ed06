// What a run may change, read once from k6's environment (`-e NAME=value` or the process
// environment). The runner (src/run-scenario.ts) and the docker-compose k6 service set these.

/** A number from the environment, or `fallback` when unset; a bad value stops the run early. */
export function envNumber(name, fallback) {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name}=${raw} is not a number`);
  return value;
}

/** A string from the environment, or `fallback`. */
export function envString(name, fallback) {
  const raw = __ENV[name];
  return raw === undefined || raw === '' ? fallback : raw;
}

/** Seconds in a k6 duration such as `30s`, `2m`, `1m30s` or `500ms`. */
export function durationSeconds(text) {
  const parts = String(text).match(/(\d+(?:\.\d+)?)(ms|s|m|h)/g);
  if (parts === null) throw new Error(`DURATION=${text} is not a duration like 30s or 2m`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 };
  return parts.reduce((sum, part) => {
    const [, value, suffix] = part.match(/(\d+(?:\.\d+)?)(ms|s|m|h)/);
    return sum + Number(value) * unit[suffix];
  }, 0);
}

/** Settings every scenario shares. */
export const settings = {
  /** Peak arrivals per second (iterations started per second, whatever the latency). */
  rate: envNumber('RATE', 20),
  /** How long arrivals go on, as a k6 duration. */
  duration: envString('DURATION', '30s'),
  /** Most VUs k6 may allocate to keep the arrival rate; past it iterations are dropped. */
  maxVUs: envNumber('MAX_VUS', 1000),
  /** A request without an answer after this long counts as a timeout error. */
  requestTimeout: envString('REQUEST_TIMEOUT', '10s'),
  /** Errors (5xx, timeouts, unexpected statuses) a run tolerates before it fails. */
  maxErrors: envNumber('MAX_ERRORS', 0),
  /** How long teardown waits for every order and booking to reach a terminal state. */
  settleTimeoutS: envNumber('SETTLE_TIMEOUT_S', 60),
  /** Unique per run: prefixes every SKU, wallet, partner and show the run creates. */
  runTag: envString('RUN_TAG', `k6-${Date.now().toString(36)}`),
  /** Where handleSummary writes summary.json and report.html (empty: not written). */
  reportDir: envString('REPORT_DIR', ''),
  /** If above 0, a p95 latency limit (ms) for accepted and for rejected requests. */
  p95Ms: envNumber('P95_MS', 0),
  /**
   * Sent in x-admin-token on the operator's routes (seeding, top-ups, the closing audits). The
   * runner passes the fleet's; the default is the services' public development token
   * (@lockstep/service-kit developmentAdminToken), which docker-compose's services use.
   */
  adminToken: envString('ADMIN_TOKEN', 'lockstep-development-admin-token'),
  /** Scenario name shown in the report. */
  scenario: envString('SCENARIO', 'unnamed'),
};

/**
 * VUs for an arrival rate. Each in-flight request holds a VU, so k6 needs rate x latency of
 * them; rushes open at full rate, so a second's worth is allocated up front (allocating VUs
 * mid-run is slow and drops arrivals), and up to five seconds' worth on demand.
 */
export function vusFor(rate) {
  const maxVUs = Math.max(20, Math.min(settings.maxVUs, Math.ceil(rate * 5)));
  return { preAllocatedVUs: Math.min(maxVUs, Math.ceil(rate) + 5), maxVUs };
}
