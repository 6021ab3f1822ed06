import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

const bin = join(repoRoot, 'infra', 'local', 'bin');

/**
 * Makes sure the local stack answers and k6 is built: status.sh first (quiet, quick); only if a
 * server is down, up.sh, which installs what is missing and starts only the servers that are
 * not running. Throws if either script fails.
 */
export function ensureLocalStack(log: (message: string) => void): void {
  const status = spawnSync('bash', [join(bin, 'status.sh')], { cwd: repoRoot, stdio: 'ignore' });
  if (status.status !== 0) {
    log('local stack is not fully up: running npm run infra:up');
    run('up.sh');
  }
  run('install-k6.sh');
}

function run(script: string): void {
  const result = spawnSync('bash', [join(bin, script)], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`infra/local/bin/${script} failed (exit ${result.status ?? result.signal})`);
  }
}

/**
 * Builds every package (turbo: seconds when nothing changed), so a fleet can run the services
 * as production does, from `dist/` (FleetOptions.code `built`). Throws if the build fails.
 */
export function ensureBuilt(log: (message: string) => void): void {
  log('building the services (npx turbo run build; cached when nothing changed)');
  const result = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`npx turbo run build failed (exit ${result.status ?? result.signal})`);
  }
}
