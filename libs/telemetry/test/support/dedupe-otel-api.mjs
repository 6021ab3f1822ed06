/**
 * Test-only stand-in for a deduplicated install: resolves every `@opentelemetry/api` import to
 * the 1.10 copy this package depends on. The contrib instrumentations hoisted to the root
 * node_modules need api >= 1.10 (they import its `logs` export) but resolve the root's 1.9
 * copy today; see test/support/child-service.ts for when this is loaded.
 */
import { register } from 'node:module';

const target = import.meta.resolve('@opentelemetry/api');
const hooks = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@opentelemetry/api') return { url: ${JSON.stringify(target)}, shortCircuit: true };
  return nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
