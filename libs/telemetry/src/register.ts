/**
 * The ESM loader hook for auto-instrumentation: `node --import @lockstep/telemetry/register
 * dist/main.js`. Instrumentations patch a library by intercepting its loading; under ESM that
 * takes import-in-the-middle's loader hook, and a hook only sees modules loaded after it was
 * registered. `--import` runs this before the service's module graph is loaded; importing it
 * from main.ts instead is too late, because every static import is loaded before main runs.
 *
 * This only installs the hook. The service still calls `startTelemetry()` from main.ts with its
 * validated config; patches then apply to modules already imported, since the hook wrapped
 * them when they loaded.
 */
import { register } from 'node:module';

/**
 * The import specifiers the instrumentations of instrumentations.ts patch. Only these are
 * wrapped: the hook generates a wrapper module for every module it lets through, and wrapping
 * a service's whole graph (several thousand modules under tsx) doubled replica start-up on two
 * cores. Builtins match with and without `node:`. A new instrumentation adds its package here.
 */
const instrumentedModules = ['http', 'https', 'express', 'pg', 'pg-pool', 'ioredis', 'kafkajs'];

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
  data: { include: instrumentedModules },
});
