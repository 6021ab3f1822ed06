import { sleep } from 'k6';
import http from 'k6/http';
import { Counter } from 'k6/metrics';
import { settings } from './settings.js';
import { firstReplicaOf, services } from './targets.js';

/** Failing audit checks, by service; its threshold (count==0) is what fails a broken run. */
export const auditViolations = new Counter('lockstep_audit_violations');
/** Orders and bookings still in flight when teardown stopped waiting. */
export const unsettled = new Counter('lockstep_unsettled');
/**
 * One point per audit check, tagged service, check, ok and counts (JSON): the run's points file
 * carries them to the report, which lists every check (handleSummary sees only totals).
 */
export const auditChecks = new Counter('lockstep_audit_checks');

// Each service's audit, in the order they are reported. Booking's `settled=true` also demands
// that every booking is terminal, which is only fair once load has stopped (it has, here).
const auditPaths = {
  inventory: '/audit',
  payment: '/audit',
  'delivery-assignment': '/audit',
  booking: '/audit?settled=true',
};

/**
 * teardown(): waits until the run's sagas have settled (no units reserved on its SKUs, no seats
 * held on its shows), then calls every service's /audit and records each failing check. The
 * thresholds on both counters turn anything but a clean, settled audit into a failed run.
 */
export function settleAndAudit(seeded) {
  // Register every series, so a clean run still reports zeros rather than no metric.
  auditViolations.add(0);
  unsettled.add(0);
  const left = waitUntilSettled(seeded);
  if (left > 0) {
    unsettled.add(left);
    console.error(
      `audit: orders or bookings still in flight (or a service not answering) when teardown stopped waiting (at most ${settings.settleTimeoutS} s)`,
    );
  }
  for (const service of services) auditService(service);
}

/** Polls until nothing is in flight or the settle timeout passes; returns what is left. */
function waitUntilSettled(seeded) {
  const deadline = Date.now() + settings.settleTimeoutS * 1000;
  for (;;) {
    const left = inFlight(seeded);
    // Unreachable services will not settle: waiting out the timeout would only add noise.
    if (left === unreachable) return 1;
    if (left === 0 || Date.now() >= deadline) return left;
    sleep(1);
  }
}

/** What {@link inFlight} answers when a service does not answer at all. */
const unreachable = -1;

/** Units still reserved on the run's SKUs plus seats still held on its shows. */
function inFlight(seeded) {
  const requests = [
    ...(seeded.skus ?? []).map((sku) => ['GET', `${firstReplicaOf('inventory')}/skus/${sku}`]),
    ...(seeded.shows ?? []).map((show) => ['GET', `${firstReplicaOf('booking')}/shows/${show}`]),
  ].map(([method, url]) => ({ method, url, params: { tags: { name: 'settle' }, timeout: '10s' } }));
  let left = 0;
  for (const response of http.batch(requests)) {
    if (response.status === 0) return unreachable;
    // An unreadable SKU or show counts as one thing still in flight: waiting is the safe side.
    if (response.status !== 200) {
      left += 1;
      continue;
    }
    const body = response.json();
    left += body.reserved ?? body.seats?.held ?? 0;
  }
  return left;
}

function auditService(service) {
  const url = `${firstReplicaOf(service)}${auditPaths[service]}`;
  const response = http.get(url, {
    headers: { 'x-admin-token': settings.adminToken },
    tags: { name: 'audit' },
    timeout: '60s',
  });
  if (response.status !== 200) {
    // An audit that cannot run proves nothing: it fails the run like a violation would.
    auditViolations.add(1, { service });
    auditChecks.add(1, {
      service,
      check: `GET ${auditPaths[service]} answered ${response.status}`,
      ok: 'false',
      counts: '{}',
    });
    console.error(`audit: ${service}: GET ${url} answered ${response.status}; counted as failed`);
    return;
  }
  const report = response.json();
  for (const check of report.checks) {
    auditChecks.add(1, {
      service,
      check: check.description ?? check.name,
      ok: String(check.ok),
      counts: JSON.stringify(check.counts),
    });
  }
  const failing = report.checks.filter((check) => !check.ok);
  auditViolations.add(failing.length, { service });
  if (failing.length === 0) {
    console.log(`audit: ${service}: ok (${report.checks.length} checks)`);
    return;
  }
  for (const check of failing) {
    // Every service answers in the kit's AuditReport shape: counts, then example rows.
    const detail = JSON.stringify({ counts: check.counts, examples: check.examples });
    console.error(`audit: ${service}: VIOLATION ${check.name} ${detail.slice(0, 300)}`);
  }
}
