import { metrics, type ObservableCallback, type ObservableGauge } from '@opentelemetry/api';

/** Options for {@link OverdueHoldsGauge}. */
export interface OverdueHoldsGaugeOptions {
  /** The service, as the meter's scope (`inventory`, `booking`). */
  serviceName: string;
  /** The saga whose holds these are: the `saga` label (`order`, `booking`). */
  saga: string;
  /** Seconds the oldest hold still held is past its expiry; 0 when none is. */
  readOverdueSeconds: () => Promise<number>;
  /** Longest one scrape waits for the read, in ms; default 2,000. */
  readTimeoutMs?: number;
}

const defaultReadTimeoutMs = 2_000;

/**
 * `saga.holds.overdue_seconds{saga}` (Prometheus: `saga_holds_overdue_seconds`): how far past
 * its expiry the oldest hold still held is, read at every scrape. Measured by every replica
 * rather than by the sweeper, because what it must catch is the sweep not happening (no
 * leader, a wedged leader, a lock it cannot take), and a stopped sweeper reports nothing.
 *
 * Shaped as a service-kit Component: `start()` registers the callback with the meter provider
 * registered then (main.ts starts telemetry before the service), `stop()` removes it, so a
 * stopped replica's closed pool is never queried. Never throws at its caller.
 */
export class OverdueHoldsGauge {
  readonly name = 'overdue-holds-gauge';
  private gauge: ObservableGauge | undefined;
  private readonly observe: ObservableCallback;

  constructor(private readonly options: OverdueHoldsGaugeOptions) {
    this.observe = async (result) => {
      const seconds = await this.readWithin(options.readTimeoutMs ?? defaultReadTimeoutMs);
      if (seconds !== undefined) result.observe(seconds, { saga: options.saga });
    };
  }

  /** Registers the gauge's callback; a second start is a no-op. */
  start(): void {
    if (this.gauge !== undefined) return;
    try {
      const meter = metrics.getMeterProvider().getMeter(this.options.serviceName);
      this.gauge = meter.createObservableGauge('saga.holds.overdue_seconds', {
        unit: 's',
        description: 'How far past its expiry the oldest hold still held is; 0 when none is',
      });
      this.gauge.addCallback(this.observe);
    } catch {
      // A gauge missing is better than a replica that does not start because of telemetry.
      this.gauge = undefined;
    }
  }

  /** Removes the callback: no scrape starts a read after this returns. */
  stop(): void {
    const gauge = this.gauge;
    if (gauge === undefined) return;
    this.gauge = undefined;
    try {
      gauge.removeCallback(this.observe);
    } catch {
      // Stopping: the provider may already be shut down, which drops the callback anyway.
    }
  }

  /**
   * The read, or undefined when it failed or took longer than `timeoutMs`. Reporting nothing
   * is safe: the series goes stale rather than showing a made-up age, and a database that
   * cannot answer already fails the replica's readiness.
   */
  private async readWithin(timeoutMs: number): Promise<number | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, undefined);
    });
    try {
      const read = this.options.readOverdueSeconds().then(
        (seconds) => (Number.isFinite(seconds) ? Math.max(0, seconds) : undefined),
        () => undefined,
      );
      return await Promise.race([read, timedOut]);
    } catch {
      // readOverdueSeconds threw synchronously: as a failed read.
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
