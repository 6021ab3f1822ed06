import { basename } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';

// Each workspace also writes a JSON report that infra/local/bin/test.sh adds up into one
// closing "N passed, N failed" line for the whole repository.
const resultsDir = process.env.LOCKSTEP_TEST_RESULTS;

/**
 * One test configuration shared by every workspace. Tests talk to real servers, so they run
 * one file at a time per workspace with generous timeouts; the `lockstep-source` condition
 * lets a package's tests import sibling packages straight from their TypeScript sources.
 */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['lockstep-source'] },
  ssr: { resolve: { conditions: ['lockstep-source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: resultsDir ? ['default', 'json'] : ['default'],
    ...(resultsDir
      ? { outputFile: { json: `${resultsDir}/${basename(process.cwd())}.json` } }
      : {}),
  },
});

/**
 * The shared configuration, with one module graph for all of a workspace's test files instead
 * of a fresh one per file. Files already run one at a time, and each starts its own replicas
 * on names unique to it, so nothing they share is mutable; what they no longer repeat is
 * transforming and importing the kit, Express, kafkajs, pg and OpenTelemetry once per file,
 * which was 29-48 s of each service workspace's run (vitest's `import` figure; 3-5 s now). The lock,
 * telemetry and event libraries keep isolated files: their tests install global providers,
 * patch modules and hold clients to tight fault deadlines.
 */
export const moduleSharingTestConfig = mergeConfig(sharedTestConfig, {
  test: { isolate: false },
});

/**
 * The shared configuration with `count` test files at a time, for the workspaces whose files
 * mostly wait: infra/local's alert test sits ~90 s on Prometheus' evaluation clock, the
 * loadtests' page test on a demo run, and the lock library's suites on lease TTLs and fault
 * deadlines (150-165 s one file at a time, 60-66 s three at a time, 50-52 s four). Their
 * files share the stack's servers but no mutable state (every run, key, topic, group and
 * database name is unique to its file, and fault suites start private servers), so short
 * files run beside long ones instead of after them.
 */
export function filesAtATimeTestConfig(count: number) {
  return mergeConfig(sharedTestConfig, { test: { fileParallelism: true, maxWorkers: count } });
}
