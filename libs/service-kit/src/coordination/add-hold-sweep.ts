import type { Component } from '../lifecycle/component.js';
import type { ServiceRuntime } from '../lifecycle/service-runtime.js';
import type { Logger } from '../logging/create-logger.js';
import { ElectedLoop, type ElectedLoopOptions } from './elected-loop.js';

/** Options for {@link addHoldSweep}: the elected loop's, the sweep itself, and the gauge. */
export interface HoldSweepOptions extends Omit<ElectedLoopOptions, 'name' | 'round'> {
  /**
   * One sweep, run by the leader only: releases expired holds and resolves with how many it
   * released. `term` is the round's (see ElectedLoopOptions.round); `log` is bound to
   * `component: hold-sweeper`.
   */
  sweep(term: AbortSignal, log: Logger): Promise<number>;
  /** The service's OverdueHoldsGauge (from @lockstep/telemetry), run by every replica. */
  overdueGauge: Component;
}

/**
 * Adds a saga owner's hold sweep to `runtime`: an {@link ElectedLoop} named `hold-sweeper`, so
 * only the leader sweeps and replicas do not queue on the same locks for the same holds, then
 * the overdue-holds gauge, which every replica reports whoever leads: the alert on it must
 * catch the sweep not happening at all. Returns the loop (leadership and stats, for tests).
 */
export function addHoldSweep(runtime: ServiceRuntime, options: HoldSweepOptions): ElectedLoop {
  const { sweep, overdueGauge, ...loop } = options;
  const log = loop.logger.child({ component: 'hold-sweeper' });
  const sweeper = runtime.add(
    new ElectedLoop({ ...loop, name: 'hold-sweeper', round: (term) => sweep(term, log) }),
  );
  runtime.add(overdueGauge);
  return sweeper;
}
