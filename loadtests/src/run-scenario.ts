import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FleetTargets, localAdminToken } from '@lockstep/infra-local';
import { k6Binary } from './k6-binary.js';
import { repoRoot } from './paths.js';
import { pointsFileName, writeReport } from './report/write-report.js';
import type { RunResult } from './run-result.js';
import { type ScenarioName, scenarioScript } from './scenarios.js';

/** One k6 run of a scenario against running services. */
export interface ScenarioOptions {
  scenario: ScenarioName;
  /** Peak arrivals per second. */
  rate: number;
  /** How long arrivals go on, as a k6 duration (`30s`, `2m`). */
  duration: string;
  /** Base URLs of every replica, per service. */
  targets: FleetTargets;
  /** Extra k6 environment (SKUS=100, MAX_ERRORS, SETTLE_TIMEOUT_S, P95_MS, ...). */
  env?: Record<string, string>;
  /** Where the report folder is made (default `<repo>/.lockstep/loadtests`). */
  reportRoot?: string;
  /** `inherit`: k6's progress and table on this terminal; `capture`: kept in the result. */
  output?: 'inherit' | 'capture';
  /** Also export k6's web dashboard as dashboard.html (runs under ~30 s get none). */
  dashboard?: boolean;
}

/** How a k6 run ended. */
export interface ScenarioRun {
  /** k6's exit code: 0 passed, 99 a threshold (errors, audit) failed, others a k6 failure. */
  exitCode: number;
  /**
   * `<reportRoot>/<scenario>-<time>/`: summary.json, points.json.gz (every sample), report.html
   * (k6-output.log if captured).
   */
  reportDir: string;
  /** The run's outcome from summary.json; null when k6 wrote none (it failed before). */
  result: RunResult | null;
  /** k6's stdout and stderr, when `output` was `capture`. */
  output: string;
}

/**
 * Runs one scenario with the repo's k6, then builds report.html from what it wrote, and
 * resolves. k6's exit code is the verdict: thresholds on errors and on the audit recorded in
 * teardown make it non-zero. A report that cannot be built is said on stderr (and in the
 * captured output), not thrown: the run's verdict stands without it.
 */
export async function runScenario(options: ScenarioOptions): Promise<ScenarioRun> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reportDir = join(
    options.reportRoot ?? join(repoRoot, '.lockstep', 'loadtests'),
    `${options.scenario}-${stamp}`,
  );
  mkdirSync(reportDir, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SCENARIO: options.scenario,
    RATE: String(options.rate),
    DURATION: options.duration,
    RUN_TAG: `k6-${Date.now().toString(36)}`,
    REPORT_DIR: reportDir,
    INVENTORY_URLS: options.targets.inventory.join(','),
    PAYMENT_URLS: options.targets.payment.join(','),
    DELIVERY_URLS: options.targets['delivery-assignment'].join(','),
    BOOKING_URLS: options.targets.booking.join(','),
    // Seeding, top-ups and the closing audits are admin routes (lib/settings.js adminToken).
    ADMIN_TOKEN: localAdminToken(),
    // k6 phones home with usage statistics unless told not to.
    K6_NO_USAGE_REPORT: 'true',
    ...(options.dashboard
      ? {
          K6_WEB_DASHBOARD: 'true',
          K6_WEB_DASHBOARD_PORT: '-1',
          K6_WEB_DASHBOARD_EXPORT: join(reportDir, 'dashboard.html'),
        }
      : {}),
    ...options.env,
  };
  const capture = options.output === 'capture';
  const points = `json=${join(reportDir, pointsFileName)}`;
  const child = spawn(k6Binary(), ['run', '--out', points, scenarioScript(options.scenario)], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  if (existsSync(join(reportDir, 'summary.json'))) {
    try {
      await writeReport(reportDir);
    } catch (error) {
      const line = `report.html not built: ${(error as Error).stack ?? error}\n`;
      output += line;
      if (!capture) process.stderr.write(line);
    }
  }
  // Kept beside the report: the logged errors and audit findings are the first thing to read
  // when a captured run failed.
  if (capture) writeFileSync(join(reportDir, 'k6-output.log'), output);
  return { exitCode, reportDir, result: readResult(reportDir), output };
}

function readResult(reportDir: string): RunResult | null {
  const file = join(reportDir, 'summary.json');
  if (!existsSync(file)) return null;
  return (JSON.parse(readFileSync(file, 'utf8')) as { result: RunResult }).result;
}
