import type { z } from 'zod';
import { authConfigProblems } from '../auth/auth-config.js';
import { ConfigError } from '../errors/config-error.js';
import { developmentOnlyDefaults } from './base-service-config.js';

// Values of variables whose names look secret are never echoed into a config error, which
// ends up in logs and CI output.
const secretName = /PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|API_KEY/i;
const maxEchoedLength = 60;

/**
 * Parses the environment with a service's config schema, once, in main.ts. Only the schema's
 * own keys are read; an empty variable counts as unset, so `PORT=` in a compose file means
 * "use the default". Throws {@link ConfigError} listing every problem, not just the first.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    input[key] = value === undefined || value.trim() === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, input)));
  }
  const config = result.data as Record<string, unknown>;
  const problems = [...productionProblems(config, input), ...authConfigProblems(config)];
  if (problems.length > 0) throw new ConfigError(problems);
  return result.data;
}

/**
 * In production mode (see also authConfigProblems: no development key), every development-only default the schema has must be set, and not to
 * the public default: a replica refuses to start rather than run with a credential anyone
 * can read in this repository.
 */
function productionProblems(
  config: Record<string, unknown>,
  input: Record<string, string | undefined>,
): string[] {
  if (config.NODE_ENV !== 'production') return [];
  return Object.entries(developmentOnlyDefaults)
    .filter(([key, fallback]) => key in config && (input[key] ?? fallback) === fallback)
    .map(
      ([key]) => `${key}: required with NODE_ENV=production (the development default is public)`,
    );
}

/** `PORT: expected a number, got 'abc'` or `DATABASE_URL: required but not set`. */
function describeIssue(issue: z.core.$ZodIssue, input: Record<string, string | undefined>): string {
  const key = String(issue.path[0] ?? '(config)');
  const raw = input[key];
  const where = issue.path.map(String).join('.') || key;
  if (raw === undefined && issue.path.length <= 1) return `${where}: required but not set`;
  if (raw === undefined) return `${where}: ${issue.message}`;
  return `${where}: ${issue.message}, got ${echo(key, raw)}`;
}

/** The raw value as the operator typed it, shortened, with secrets and URL passwords hidden. */
function echo(key: string, raw: string): string {
  if (secretName.test(key)) return '(hidden)';
  const withoutPassword = raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  const shown =
    withoutPassword.length > maxEchoedLength
      ? `${withoutPassword.slice(0, maxEchoedLength)}...`
      : withoutPassword;
  return `'${shown}'`;
}
