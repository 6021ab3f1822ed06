import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '@lockstep/testkit';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdElection } from '../src/etcd/index.ts';
import type { Leadership, LockLostError } from '../src/index.ts';
import { describeElectionContract } from './support/election-contract.ts';
import { type PrivateEtcd, startPrivateEtcd } from './support/private-etcd.ts';
import { uniqueResource } from './support/unique-resource.ts';

/** Leader election on a private etcd: the shared contract, then what only etcd does. */
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

  it("etcd election: when the leader's session is lost its signal fires and the next candidate takes over", async () => {
    const name = uniqueResource('failover');
    const first = await candidate(name).campaign('first');
    const next = candidate(name).campaign('second');
    await delay(200);
    const leaseIdHex = first.lease.ownerId.slice(first.lease.ownerId.lastIndexOf('/') + 1);
    await admin.leaseClient.leaseRevoke({ ID: BigInt(`0x${leaseIdHex}`).toString() });
    const second: Leadership = await next;
    await waitFor('the old leader to be told', () => first.signal.aborted, {
      timeoutMs: 6_000,
      intervalMs: 20,
    });
    expect((first.signal.reason as LockLostError).reason).toBe('session-expired');
    expect(second.lease.fencingToken).toBeGreaterThan(first.lease.fencingToken as bigint);
    expect(second.signal.aborted).toBe(false);
    await second.resign();
  });

  describeElectionContract({
    name: 'etcd',
    create: (name) => candidate(name),
    candidatesInLine: (name) =>
      admin
        .getAll()
        .prefix(`lockstep/elections/${encodeURIComponent(name)}/`)
        .count(),
  });
});
