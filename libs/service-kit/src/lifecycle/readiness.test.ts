import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';

describe('Readiness', () => {
  it('is not ready while starting, and runs no probes then', async () => {
    const readiness = new Readiness();
    let probed = false;
    readiness.add('postgres', () => {
      probed = true;
    });
    expect(await readiness.evaluate()).toEqual({
      ready: false,
      phase: 'starting',
      checks: {},
      failing: [],
    });
    expect(probed).toBe(false);
  });

  it('a probe that rejects, throws, returns false or outlives its timeout fails, and only it is listed', async () => {
    const readiness = new Readiness({ defaultTimeoutMs: 50 });
    readiness.add('ok', async () => 'fine');
    readiness.add('rejects', async () => Promise.reject(new Error('refused')));
    readiness.add('says-no', () => false);
    let aborted = false;
    readiness.add('hangs', (signal) => {
      signal.addEventListener('abort', () => {
        aborted = true;
      });
      return new Promise(() => undefined);
    });
    readiness.markServing();
    const report = await readiness.evaluate();
    expect(report.ready).toBe(false);
    expect(report.failing.sort()).toEqual(['hangs', 'rejects', 'says-no']);
    expect(report.checks.ok?.ok).toBe(true);
    expect(report.checks.rejects?.error).toBe('refused');
    expect(aborted).toBe(true);
  });

  it('never answers ready once draining began, even if it began while probes were running', async () => {
    const readiness = new Readiness();
    readiness.add('slow', () => delay(50));
    readiness.markServing();
    const pending = readiness.evaluate();
    readiness.markDraining();
    expect(await pending).toMatchObject({ ready: false, phase: 'draining', failing: [] });
    readiness.markServing();
    expect(readiness.phase).toBe('draining');
  });
});
