import type { ServiceRuntime } from '../lifecycle/service-runtime.js';
import type { Logger } from '../logging/create-logger.js';
import { LockBackendComponent, type LockBackendOptions } from './lock-backend-component.js';
import { LockRunner, type LockRunnerOptions } from './lock-runner.js';

/**
 * Adds a lock backend to `runtime` (start-up check, readiness, shutdown after the entry
 * points) and returns the one way to run work under its locks: a {@link LockRunner} with
 * `defaults` (wait, TTL).
 */
export function addLockRunner(
  wiring: { readonly runtime: ServiceRuntime; readonly logger: Logger },
  backend: LockBackendOptions,
  defaults: LockRunnerOptions,
): LockRunner {
  const lock = wiring.runtime.add(new LockBackendComponent(backend));
  return new LockRunner(lock, wiring.logger, defaults);
}
