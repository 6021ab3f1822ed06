import { describe, expect, it } from 'vitest';
import { SimulatedGateway } from './simulated-gateway.js';

describe('simulated gateway', () => {
  it('with failure rate 0 approves even the highest random draw; with 1 declines even the lowest', async () => {
    expect(
      await new SimulatedGateway({ latencyMs: 0, failureRate: 0 }, () => 0.999_999).authorize('p'),
    ).toBe('approved');
    expect(
      await new SimulatedGateway({ latencyMs: 0, failureRate: 1 }, () => 0).authorize('p'),
    ).toBe('declined');
  });

  it('takes at least its configured latency', async () => {
    const gateway = new SimulatedGateway({ latencyMs: 60, failureRate: 0 });
    const started = performance.now();
    await gateway.authorize('p');
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('a fired signal cuts the wait short and rejects with its reason', async () => {
    const gateway = new SimulatedGateway({ latencyMs: 5_000, failureRate: 0 });
    const controller = new AbortController();
    const reason = new Error('lease lost');
    setTimeout(() => controller.abort(reason), 20);
    const started = performance.now();
    await expect(gateway.authorize('p', controller.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('changes settings at run time and refuses settings out of range', () => {
    const gateway = new SimulatedGateway({ latencyMs: 0, failureRate: 0 });
    expect(gateway.configure({ latencyMs: 10_000, failureRate: 0.5 })).toEqual({
      latencyMs: 10_000,
      failureRate: 0.5,
    });
    expect(() => gateway.configure({ latencyMs: 10_001, failureRate: 0 })).toThrow(RangeError);
    expect(() => gateway.configure({ latencyMs: 0, failureRate: 1.01 })).toThrow(RangeError);
    expect(gateway.settings).toEqual({ latencyMs: 10_000, failureRate: 0.5 });
  });
});
