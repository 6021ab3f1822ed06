import { errorKinds } from './outcomes.js';
import { durationSeconds, settings } from './settings.js';
import { services } from './targets.js';

/**
 * The k6 options of a scenario: its executors, plus thresholds that fail the run on any error
 * beyond MAX_ERRORS, any audit violation and anything left unsettled. `refusals` lists the
 * rejection reasons the scenario expects; each gets a line in the summary (k6 only reports a
 * tagged sub-series that a threshold names, hence the always-true `count>=0`).
 */
export function scenarioOptions(scenarios, refusals) {
  const thresholds = {
    lockstep_errors: [`count<=${settings.maxErrors}`],
    lockstep_audit_violations: ['count==0'],
    lockstep_unsettled: ['count==0'],
    'lockstep_requests{outcome:accepted}': ['count>=0'],
    'lockstep_requests{outcome:rejected}': ['count>=0'],
  };
  for (const reason of refusals) thresholds[`lockstep_rejected{reason:${reason}}`] = ['count>=0'];
  for (const kind of errorKinds) thresholds[`lockstep_errors{kind:${kind}}`] = ['count>=0'];
  for (const service of services) {
    thresholds[`lockstep_audit_violations{service:${service}}`] = ['count==0'];
  }
  const p95 = settings.p95Ms;
  if (p95 > 0) {
    thresholds.lockstep_accepted_duration = [`p(95)<${p95}`];
    thresholds.lockstep_rejected_duration = [`p(95)<${p95}`];
  }
  return {
    scenarios,
    thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'p(50)', 'p(95)', 'p(99)', 'max'],
    // Seeding a hundred SKUs and partners, and waiting for sagas to settle, take a while.
    setupTimeout: '180s',
    teardownTimeout: `${settings.settleTimeoutS + 120}s`,
    // Connections stay open across iterations, as a browser's or an app's would.
    noConnectionReuse: false,
  };
}

/** Arrival-rate stages: ramp to `rate` over the first third of the run, then hold it. */
export function rampThenHold(rate) {
  const total = durationSeconds(settings.duration);
  const ramp = Math.max(1, Math.round(total / 3));
  return [
    { target: rate, duration: `${ramp}s` },
    { target: rate, duration: `${Math.max(1, Math.round(total - ramp))}s` },
  ];
}
