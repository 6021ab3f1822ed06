import { type Attributes, type Counter, type MeterProvider, metrics } from '@opentelemetry/api';

/** The business counters every service records; HTTP metrics come from instrumentation. */
export interface ServiceMetrics {
  /**
   * Counts `count` (default 1) sagas reaching an outcome (`saga.outcomes{saga, outcome}`);
   * a sweep that expires several holds at once reports them in one call.
   */
  sagaOutcome(saga: string, outcome: string, count?: number): void;
  /** Counts one message sent to a dead-letter topic (`events.dead_lettered{topic, reason}`). */
  deadLettered(topic: string, reason: string): void;
}

/**
 * The counters of one service, named for Prometheus as `saga_outcomes_total` and
 * `events_dead_lettered_total`. Safe to create at module load, before `startTelemetry()`, and
 * never throws at its caller.
 */
export function createServiceMetrics(serviceName: string): ServiceMetrics {
  const sagaOutcomes = lazyCounter(serviceName, 'saga.outcomes', {
    description: 'Sagas that reached an outcome, by saga and outcome',
  });
  const deadLettered = lazyCounter(serviceName, 'events.dead_lettered', {
    description: 'Messages sent to a dead-letter topic, by source topic and reason',
  });
  return {
    sagaOutcome: (saga, outcome, count = 1) => sagaOutcomes({ saga, outcome }, count),
    deadLettered: (topic, reason) => deadLettered({ topic, reason }, 1),
  };
}

/**
 * A counter bound to whichever meter provider is registered when it is used. The metrics API
 * has no proxy provider: an instrument created before the SDK starts is a no-op for good. So
 * the counter is (re)created whenever the global provider changes, which is once in a service.
 */
function lazyCounter(
  scope: string,
  name: string,
  options: { description: string },
): (attributes: Attributes, value: number) => void {
  let provider: MeterProvider | undefined;
  let counter: Counter | undefined;
  return (attributes, value) => {
    try {
      const current = metrics.getMeterProvider();
      if (current !== provider || counter === undefined) {
        provider = current;
        counter = current.getMeter(scope).createCounter(name, options);
      }
      // Counters only go up; zero (a sweep that released nothing) has nothing to add.
      if (value > 0) counter.add(value, attributes);
    } catch {
      // A metric lost is better than a saga step failed because of telemetry.
    }
  };
}
