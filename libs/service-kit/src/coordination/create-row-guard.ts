import type { DistributedLock, LockStrategy } from '@lockstep/locks';
import type pg from 'pg';
import type { ServiceRuntime } from '../lifecycle/service-runtime.js';
import type { Logger } from '../logging/create-logger.js';
import { addLockRunner } from './add-lock-runner.js';
import { CasRowGuard } from './cas-row-guard.js';
import { type GuardConfig, guardStrategies } from './guard-settings.js';
import { LockedRowGuard } from './locked-row-guard.js';
import type { FencedRow, GuardedRows, RowGuard } from './row-guard.js';

/** What {@link createRowGuard} builds on: an event service's base, or the same parts. */
export interface RowGuardWiring {
  /** The lock backend (if the strategy has one) joins it as a component. */
  readonly runtime: ServiceRuntime;
  readonly logger: Logger;
  readonly db: { readonly pool: pg.Pool };
}

/**
 * The row guard of `strategy`, configured from its settings (guardSettings): for a lock, its
 * backend is added to the runtime (start-up check, readiness, shutdown) and each update runs
 * under the row's lock through a LockRunner; for `cas`, each update retries on a lost race.
 */
export function createRowGuard<S extends LockStrategy, Row extends FencedRow>(
  strategy: S,
  config: GuardConfig<S>,
  wiring: RowGuardWiring,
  rows: GuardedRows<Row>,
): RowGuard<Row> {
  // guardStrategies[S] is a union to the compiler; `config` holds the keys of this S.
  const lock = guardStrategies[strategy].lock as
    | ((settings: GuardConfig<S>) => DistributedLock)
    | undefined;
  const settings = config as Partial<GuardConfig<'cas'> & GuardConfig<'zookeeper'>>;
  if (!lock) return new CasRowGuard(wiring.db.pool, rows, settings.CAS_MAX_ATTEMPTS ?? 8);
  const runner = addLockRunner(
    wiring,
    { strategy, instanceId: config.INSTANCE_ID, create: () => lock(config) },
    { waitMs: settings.LOCK_WAIT_MS ?? 2_000 },
  );
  return new LockedRowGuard(runner, wiring.db.pool, rows);
}
