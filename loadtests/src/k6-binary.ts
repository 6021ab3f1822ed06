import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/**
 * The k6 the repo's install script builds (`.lockstep/tools/k6`), or LOCKSTEP_K6 when set;
 * throws with the command that installs it when it is missing.
 */
export function k6Binary(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.LOCKSTEP_HOME ?? join(repoRoot, '.lockstep');
  const binary = env.LOCKSTEP_K6 ?? join(home, 'tools', 'k6');
  if (!existsSync(binary)) {
    throw new Error(`k6 not found at ${binary}; build it with: npm run infra:install`);
  }
  return binary;
}
