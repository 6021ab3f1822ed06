import { type Attributes, type Meter, type MeterProvider, metrics } from '@opentelemetry/api';
import type { LeaseLossReason } from './errors/index.js';
import type { LockStrategy } from './lock.js';

/** The outcomes of one acquire, as `lock.outcome` labels them. */
export type AcquireOutcome = 'acquired' | 'timeout' | 'cancelled' | 'unavailable';

const acquireOutcomes: Record<AcquireOutcome, true> = {
  acquired: true,
  timeout: true,
  cancelled: true,
  unavailable: true,
};

// A record rather than an array, so adding a loss reason to the type fails to compile here
// until its zero series is published too.
const leaseLossReasons: Record<LeaseLossReason, true> = {
  deadline: true,
  'session-expired': true,
  suspended: true,
  'not-owner': true,
};

function createInstruments(meter: Meter) {
  return {
    waitHistogram: meter.createHistogram('lock.wait.duration', {
      unit: 'ms',
      description: 'Time from acquire() to the outcome (acquired, timeout, cancelled, unavailable)',
    }),
    holdHistogram: meter.createHistogram('lock.hold.duration', {
      unit: 'ms',
      description: 'Time a lease was held, from acquisition to release or loss',
    }),
    contendedCounter: meter.createCounter('lock.contended', {
      description: 'Acquisitions that found the lock held and had to wait or give up',
    }),
    outcomeCounter: meter.createCounter('lock.acquire.outcomes', {
      description: 'Acquire outcomes by strategy: acquired, timeout, cancelled, unavailable',
    }),
    lostCounter: meter.createCounter('lock.lost', {
      description: 'Leases that may have been lost',
    }),
    casConflictCounter: meter.createCounter('lock.cas.conflicts', {
      description: 'Optimistic compare-and-swap attempts that found the row changed',
    }),
    fencingRejectionCounter: meter.createCounter('lock.fencing.rejections', {
      description: 'Fenced writes refused because a newer fencing token had already written',
    }),
  };
}

/** The lock library's metric instruments, bound to one meter provider. */
export type LockInstruments = ReturnType<typeof createInstruments>;

let instrumentsProvider: MeterProvider | undefined;
let cachedInstruments: LockInstruments | undefined;
/** `strategy/class` pairs whose zero series the cached instruments already carry. */
let seeded = new Set<string>();

/**
 * The metric instruments of the meter provider registered *now*. The metrics API has no
 * proxy: instruments made before a service starts its SDK would stay no-ops forever, and this
 * module is usually imported before the SDK starts. So they are re-created whenever the
 * global provider changes (the SDK returns the same instrument for the same name).
 */
export function lockInstruments(): LockInstruments {
  const provider = metrics.getMeterProvider();
  if (cachedInstruments === undefined || provider !== instrumentsProvider) {
    instrumentsProvider = provider;
    cachedInstruments = createInstruments(provider.getMeter('@lockstep/locks'));
    seeded = new Set();
  }
  return cachedInstruments;
}

/**
 * Publishes a zero for every acquire outcome and every loss reason of one strategy and
 * resource class, the first time that pair is seen. A counter series that first appears at 1
 * shows no increase to Prometheus, so without these the first timeout, failure or lost lease
 * of a replica would never reach `increase()` or `rate()`, and the alerts built on them.
 */
export function seedZeroSeries(strategy: LockStrategy, resourceClass: string): void {
  const instruments = lockInstruments();
  const key = `${strategy}/${resourceClass}`;
  if (seeded.has(key)) return;
  seeded.add(key);
  const labels: Attributes = { 'lock.strategy': strategy, 'lock.resource_class': resourceClass };
  for (const outcome of Object.keys(acquireOutcomes)) {
    instruments.outcomeCounter.add(0, { ...labels, 'lock.outcome': outcome });
  }
  for (const reason of Object.keys(leaseLossReasons)) {
    instruments.lostCounter.add(0, { ...labels, 'lock.loss_reason': reason });
  }
}
