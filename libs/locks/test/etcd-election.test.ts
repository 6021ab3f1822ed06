import { setTimeout as delay } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdElection, type Leadership } from '../src/etcd/index.ts';
import { LockErrorCode, type LockLostError } from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { type PrivateEtcd, startPrivateEtcd } from './support/private-etcd.ts';
import { uniqueResource } from './support/unique.ts';

/** Leader election on a private etcd. */
describe('etcd election', () => {
  let etcd: PrivateEtcd;
  let admin: Etcd3;
  const elections: EtcdElection[] = [];
  const candidate = (name: string) => {
    const election = new EtcdElection({ endpoints: etcd.url, name, defaultTtlMs: 2_000 });
    elections.push(election);
    return election;
  };

  beforeAll(async () => {
    etcd = await startPrivateEtcd();
    admin = new Etcd3({ hosts: etcd.url });
  });

  afterAll(async () => {
    await Promise.all(elections.map((e) => e.close()));
    admin?.close();
    await etcd?.destroy();
  });

  async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await delay(20);
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('etcd election: one leader at a time, and each resignation hands over to the next candidate in campaign order', async () => {
    const name = uniqueResource('one-leader');
    const [a, b, c] = [candidate(name), candidate(name), candidate(name)];
    let leading = 0;
    let most = 0;
    const order: string[] = [];
    let everyoneQueued: () => void = () => undefined;
    const queued = new Promise<void>((resolve) => {
      everyoneQueued = resolve;
    });
    const lead = async (election: EtcdElection, value: string) => {
      const leadership = await election.campaign(value);
      leading++;
      most = Math.max(most, leading);
      order.push(value);
      expect(await election.leader()).toBe(value);
      await queued;
      await delay(20);
      leading--;
      await leadership.resign();
    };
    const candidates = `lockstep/elections/${encodeURIComponent(name)}/`;
    const runs: Promise<void>[] = [];
    for (const [election, value] of [
      [a, 'a'],
      [b, 'b'],
      [c, 'c'],
    ] as const) {
      runs.push(lead(election, value));
      // Campaign one after another so their create revisions follow the array order.
      await until(
        async () => (await admin.getAll().prefix(candidates).count()) === runs.length,
        'the campaign key',
      );
    }
    everyoneQueued();
    await Promise.all(runs);
    expect(most).toBe(1);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(await a.leader()).toBeUndefined();
  });

  it("etcd election: when the leader's session is lost its signal fires and the next candidate takes over", async () => {
    const name = uniqueResource('failover');
    const first = await candidate(name).campaign('first');
    const next = candidate(name).campaign('second');
    await delay(200);
    const leaseIdHex = first.lease.ownerId.slice(first.lease.ownerId.lastIndexOf('/') + 1);
    await admin.leaseClient.leaseRevoke({ ID: BigInt(`0x${leaseIdHex}`).toString() });
    const second: Leadership = await next;
    await until(() => first.signal.aborted, 'the old leader to be told');
    expect((first.signal.reason as LockLostError).reason).toBe('session-expired');
    expect(second.lease.fencingToken).toBeGreaterThan(first.lease.fencingToken as bigint);
    expect(second.signal.aborted).toBe(false);
    await second.resign();
  });

  it('etcd election: an observer sees every leader in order, and undefined when nobody leads', async () => {
    const name = uniqueResource('observed');
    const seen: Array<string | undefined> = [];
    const stop = new AbortController();
    const observer = candidate(name);
    await observer.observe((leader) => seen.push(leader), stop.signal);
    const a = await candidate(name).campaign('a');
    await until(() => seen.length === 2, 'leader a');
    const bPending = candidate(name).campaign('b');
    await delay(100);
    await a.resign();
    const b = await bPending;
    await until(() => seen.length === 3, 'leader b');
    await b.resign();
    await until(() => seen.length === 4, 'no leader');
    stop.abort();
    expect(seen).toEqual([undefined, 'a', 'b', undefined]);
  });

  it('etcd election: a campaign cancelled by its signal gets LOCK_CANCELLED and leaves no candidate key', async () => {
    const name = uniqueResource('cancelled');
    const leader = await candidate(name).campaign('leader');
    const cancel = new AbortController();
    const waiting = candidate(name).campaign('hopeful', { signal: cancel.signal });
    await delay(200);
    cancel.abort();
    await expectLockError(waiting, LockErrorCode.Cancelled);
    expect(
      await admin
        .getAll()
        .prefix(`lockstep/elections/${encodeURIComponent(name)}/`)
        .count(),
    ).toBe(1);
    await leader.resign();
  });
});
