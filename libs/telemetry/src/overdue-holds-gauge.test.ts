import { afterEach, describe, expect, it } from 'vitest';
import { OverdueHoldsGauge } from './overdue-holds-gauge.ts';
import { type MetricsProbe, startMetricsProbe } from './testing/metrics-probe.ts';

describe('overdue holds gauge', () => {
  let probe: MetricsProbe | undefined;
  let gauge: OverdueHoldsGauge | undefined;
  afterEach(async () => {
    gauge?.stop();
    await probe?.stop();
    gauge = undefined;
    probe = undefined;
  });

  const overdue = async () => (await probe?.points('saga.holds.overdue_seconds')) ?? [];

  it('a scrape reads how far past expiry the oldest hold is, labelled by saga', async () => {
    probe = startMetricsProbe();
    let seconds = 0;
    gauge = new OverdueHoldsGauge({
      serviceName: 'inventory',
      saga: 'order',
      readOverdueSeconds: async () => seconds,
    });
    gauge.start();
    expect(await overdue()).toEqual([{ attributes: { saga: 'order' }, value: 0 }]);
    seconds = 42.5;
    expect(await overdue()).toEqual([{ attributes: { saga: 'order' }, value: 42.5 }]);
  });

  it('a read that fails or outlasts its timeout reports nothing, and the next scrape reads again', async () => {
    probe = startMetricsProbe();
    let read: () => Promise<number> = () => Promise.reject(new Error('database down'));
    gauge = new OverdueHoldsGauge({
      serviceName: 'booking',
      saga: 'booking',
      readOverdueSeconds: () => read(),
      readTimeoutMs: 50,
    });
    gauge.start();
    expect(await overdue()).toEqual([]);
    read = () => new Promise(() => {});
    expect(await overdue()).toEqual([]);
    read = async () => 7;
    expect(await overdue()).toEqual([{ attributes: { saga: 'booking' }, value: 7 }]);
  });

  it('after stop a scrape no longer reads', async () => {
    probe = startMetricsProbe();
    let reads = 0;
    gauge = new OverdueHoldsGauge({
      serviceName: 'inventory',
      saga: 'order',
      readOverdueSeconds: async () => {
        reads += 1;
        return 1;
      },
    });
    gauge.start();
    await overdue();
    gauge.stop();
    await overdue();
    expect(reads).toBe(1);
  });
});
