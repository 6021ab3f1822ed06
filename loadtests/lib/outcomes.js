import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';

// Every answer is one of three outcomes. `accepted`: the service did the work (2xx).
// `rejected`: the service refused as designed, with a stable code (409 SOLD_OUT, SEATS_TAKEN;
// 429 SKU_BUSY, SEATS_BUSY, ADMISSION_FULL, WALLET_BUSY, PARTNER_CONTENDED with Retry-After);
// a refusal under load is the system working. `error`: anything else (5xx, a timeout, a
// network failure, a status or code the endpoint does not promise), counted against a
// threshold of its own.

/** Requests by outcome; tags: endpoint, outcome, reason. */
export const requests = new Counter('lockstep_requests');
/** Refusals by reason (the error code); a subset of lockstep_requests. */
export const rejected = new Counter('lockstep_rejected');
/** Errors by kind (5xx, timeout, network, unexpected); tag reason has status and code. */
export const errors = new Counter('lockstep_errors');
/** Response time of accepted requests, ms. */
export const acceptedDuration = new Trend('lockstep_accepted_duration', true);
/** Response time of rejected requests, ms. */
export const rejectedDuration = new Trend('lockstep_rejected_duration', true);
/** Response time of errors (a timeout's is the request timeout), ms; for the report's chart. */
export const errorDuration = new Trend('lockstep_error_duration', true);
/** Requests sent, by endpoint, when they leave: the arrivals the report sets against answers. */
export const arrivals = new Counter('lockstep_arrivals');

/** Error kinds, each reported on its own line of the summary. */
export const errorKinds = ['5xx', 'timeout', 'network', 'unexpected'];

// Errors are also logged with their body, a few per VU, so a failing run says what went wrong
// without flooding the console at thousands of requests per second.
const maxLoggedErrorsPerVu = 3;
let loggedErrors = 0;

/**
 * Classifies one response of `endpoint` against the refusals it may answer with
 * (`{ 409: ['SOLD_OUT'], 429: ['SKU_BUSY'] }`), records it, and returns the outcome.
 */
export function classify(endpoint, response, expectedRefusals) {
  const status = response.status;
  const duration = response.timings.duration;
  if (status >= 200 && status < 300) {
    requests.add(1, { endpoint, outcome: 'accepted', reason: 'ok' });
    acceptedDuration.add(duration, { endpoint });
    return 'accepted';
  }
  const code = errorCode(response);
  if ((expectedRefusals[status] ?? []).includes(code)) {
    requests.add(1, { endpoint, outcome: 'rejected', reason: code });
    rejected.add(1, { endpoint, reason: code });
    rejectedDuration.add(duration, { endpoint });
    return 'rejected';
  }
  const kind = errorKind(response);
  const reason = status === 0 ? response.error || kind : `${status} ${code}`;
  requests.add(1, { endpoint, outcome: 'error', reason });
  errors.add(1, { endpoint, kind, reason });
  errorDuration.add(duration, { endpoint });
  if (loggedErrors < maxLoggedErrorsPerVu) {
    loggedErrors += 1;
    console.warn(`error on ${endpoint}: ${reason} ${String(response.body ?? '').slice(0, 300)}`);
  }
  return 'error';
}

function errorKind(response) {
  if (response.status === 0) return response.error_code === 1050 ? 'timeout' : 'network';
  if (response.status >= 500) return '5xx';
  return 'unexpected';
}

/** The stable `error.code` of a service's error envelope, or `NO_CODE`. */
function errorCode(response) {
  try {
    return response.json('error.code') ?? 'NO_CODE';
  } catch {
    // Not JSON (a proxy's page, a cut connection): no code to match, so it is an error.
    return 'NO_CODE';
  }
}

/**
 * Declares the scenario's refusals as expected answers (`{ 409: [...], 429: [...] }`, one or
 * more maps, as {@link classify} takes them), so k6's own http_req_failed counts only statuses
 * no endpoint promises: a 409 SOLD_OUT is the system working, not a failed request. Call it in
 * the init context. The status alone decides here; a 409 with a code the endpoint does not
 * promise still counts in lockstep_errors, which stays the run's verdict.
 */
export function expectRefusals(...refusalMaps) {
  const statuses = [...new Set(refusalMaps.flatMap((map) => Object.keys(map).map(Number)))];
  http.setResponseCallback(http.expectedStatuses({ min: 200, max: 299 }, ...statuses));
  return statuses;
}

/** Every refusal reason of one or more refusal maps, once each, in order. */
export function reasonsOf(...refusalMaps) {
  return [...new Set(refusalMaps.flatMap((map) => Object.values(map).flat()))];
}
