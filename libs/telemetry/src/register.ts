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

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
  // The hook wraps every module it lets through, which costs start-up time; nothing patches
  // the SDK's own (large) module graph, so it is loaded unwrapped.
  data: { exclude: [/\/node_modules\/@opentelemetry\//] },
});
