import { type Counter, type MeterProvider, metrics } from '@opentelemetry/api';
import type { DeadLetterReason } from './dead-letter-publisher.js';

/** Every reason a message can be dead-lettered for; each gets a zero series at start. */
const deadLetterReasons: readonly DeadLetterReason[] = [
  'invalid',
  'unknown-type',
  'handler-failed',
  'non-retryable',
  'mismatch',
  'id-conflict',
];

let counterProvider: MeterProvider | undefined;
let counter: Counter | undefined;

/**
 * `events.dead_lettered{topic, reason}` (Prometheus: `events_dead_lettered_total`) of the
 * meter provider registered now. Looked up per use, like the lock metrics: the metrics API has
 * no proxy, and this module is loaded before a service starts its SDK.
 */
function deadLetteredCounter(): Counter {
  const provider = metrics.getMeterProvider();
  if (counter === undefined || provider !== counterProvider) {
    counterProvider = provider;
    counter = provider.getMeter('@lockstep/events').createCounter('events.dead_lettered', {
      description: 'Messages sent to a dead-letter topic, by source topic and reason',
    });
  }
  return counter;
}

/** Counts one message sent to the dead-letter topic of `topic`. */
export function recordDeadLetter(topic: string, reason: DeadLetterReason): void {
  try {
    deadLetteredCounter().add(1, { topic, reason });
  } catch {
    // A metric lost is better than a consumer stalled by telemetry.
  }
}

/**
 * Publishes a zero for every (topic, reason) a consumer can dead-letter, so dashboards and
 * alerts see 0 rather than no data until the first dead letter, and `rate()` starts from it.
 */
export function initDeadLetterSeries(topics: readonly string[]): void {
  try {
    const dead = deadLetteredCounter();
    for (const topic of topics) {
      for (const reason of deadLetterReasons) dead.add(0, { topic, reason });
    }
  } catch {
    // As above: telemetry never fails a consumer's start.
  }
}
