import type { FleetTargets } from '@lockstep/infra-local';
import type { RunResult } from './run-result.js';
import { runScenario } from './run-scenario.js';
import type { ScenarioName } from './scenarios.js';

/** One rate of a sweep and how it went. */
export interface SweepStep {
  rate: number;
  exitCode: number;
  reportDir: string;
  result: RunResult | null;
  /** Whether this rate met the target (see {@link meetsTarget}). */
  met: boolean;
}

/**
 * The performance target of docs/loadtests.md: p95 under `p95Ms` for accepted and for rejected
 * requests, no errors, no dropped arrivals (k6 kept the offered rate), a clean audit.
 */
export function meetsTarget(result: RunResult | null, p95Ms: number): boolean {
  if (result === null || !result.passed) return false;
  if (result.errors > 0 || result.droppedIterations > 0) return false;
  const under = (l: RunResult['latencyMs']['accepted']) => l === null || l.p95 < p95Ms;
  return under(result.latencyMs.accepted) && under(result.latencyMs.rejected);
}

/**
 * Runs a scenario at each rate in turn against the same services. Every rate runs, also past
 * the first miss: on a shared machine one miss may be noise, and the curve is the finding.
 */
export async function sweepRates(options: {
  scenario: ScenarioName;
  rates: number[];
  duration: string;
  targets: FleetTargets;
  env?: Record<string, string>;
  p95Ms?: number;
  onStep?: (step: SweepStep) => void;
}): Promise<SweepStep[]> {
  const steps: SweepStep[] = [];
  for (const rate of options.rates) {
    const run = await runScenario({
      scenario: options.scenario,
      rate,
      duration: options.duration,
      targets: options.targets,
      output: 'capture',
      ...(options.env ? { env: options.env } : {}),
    });
    const step = {
      rate,
      exitCode: run.exitCode,
      reportDir: run.reportDir,
      result: run.result,
      met: meetsTarget(run.result, options.p95Ms ?? 100),
    };
    steps.push(step);
    options.onStep?.(step);
  }
  return steps;
}

/** A Markdown table row of a step. */
export function sweepRow(step: SweepStep): string {
  const r = step.result;
  if (r === null) return `| ${step.rate} | k6 exit ${step.exitCode}, no summary | | | | | | | |`;
  const p = (l: RunResult['latencyMs']['accepted']) => (l === null ? '-' : l.p95.toFixed(1));
  const audit = Object.values(r.auditViolations).every((n) => n === 0) && r.unsettled === 0;
  return `| ${step.rate} | ${r.requests} | ${r.accepted} | ${r.rejected} | ${r.errors} | ${r.droppedIterations} | ${p(r.latencyMs.accepted)} | ${p(r.latencyMs.rejected)} | ${audit ? 'clean' : 'FAIL'} | ${step.met ? 'yes' : 'no'} |`;
}

/** The header of {@link sweepRow}'s table. */
export const sweepHeader =
  '| rate/s | requests | accepted | rejected | errors | dropped | accepted p95 ms | rejected p95 ms | audit | target met |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|---|';
