import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleScrapeTargets, ScrapeTargets, scrapeTargetsDir } from './scrape-targets.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scrape-targets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (pid === undefined) throw new Error('could not start `true`');
  return pid;
}

describe('scrape targets', () => {
  it('scrape targets: a published service is one file_sd file with a group per replica, labelled service, replica and run', () => {
    const targets = new ScrapeTargets(dir, '42_abcdef');
    targets.publish('payment', [
      { replica: 'payment-a', address: '127.0.0.1:4001' },
      { replica: 'payment-b', address: '127.0.0.1:4002' },
    ]);
    const groups = JSON.parse(readFileSync(join(dir, '42_abcdef-payment.json'), 'utf8'));
    expect(groups).toEqual([
      {
        targets: ['127.0.0.1:4001'],
        labels: { service: 'payment', replica: 'payment-a', run: '42_abcdef' },
      },
      {
        targets: ['127.0.0.1:4002'],
        labels: { service: 'payment', replica: 'payment-b', run: '42_abcdef' },
      },
    ]);
    expect(readdirSync(dir), 'no temporary file is left').toEqual(['42_abcdef-payment.json']);
  });

  it('scrape targets: publishing no replicas removes the service file, removeAll removes the rest', () => {
    const targets = new ScrapeTargets(dir, '42_abcdef');
    targets.publish('payment', [{ replica: 'payment-a', address: '127.0.0.1:4001' }]);
    targets.publish('booking', [{ replica: 'booking-a', address: '127.0.0.1:4003' }]);
    targets.publish('payment', []);
    expect(readdirSync(dir)).toEqual(['42_abcdef-booking.json']);
    targets.removeAll();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('scrape targets: the stale sweep removes files of runs whose process is gone, and only those', () => {
    const dead = `${deadPid()}_aaaaaa-inventory.json`;
    const live = `${process.pid}_bbbbbb-inventory.json`;
    const foreign = 'compose-inventory.json';
    for (const name of [dead, live, foreign]) writeFileSync(join(dir, name), '[]\n');
    removeStaleScrapeTargets(dir);
    expect(readdirSync(dir).sort()).toEqual([foreign, live].sort());
  });

  it('scrape targets: the stale sweep of a directory that does not exist is a no-op', () => {
    const missing = join(dir, 'missing');
    removeStaleScrapeTargets(missing);
    expect(existsSync(missing)).toBe(false);
  });

  it("scrape targets: the default directory is the native Prometheus's, under LOCKSTEP_HOME", () => {
    expect(scrapeTargetsDir({ LOCKSTEP_HOME: '/srv/lockstep' })).toBe(
      '/srv/lockstep/run/prometheus/targets',
    );
  });
});
