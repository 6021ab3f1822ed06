import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';

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
