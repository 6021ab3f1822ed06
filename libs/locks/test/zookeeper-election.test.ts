import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { afterEach, describe, expect, it } from 'vitest';
import { LockErrorCode, type LockLostError } from '../src/index.ts';
import { type Leadership, ZooKeeperElection } from '../src/zookeeper/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import {
  openInspector,
  partitionUntilExpired,
  startZooKeeperProxy,
  type ZooKeeperProxy,
} from './support/private-zookeeper.ts';
import { uniqueResource } from './support/unique.ts';

const connectionString = localTopology().zookeeper;

describe('zookeeper election (shared server)', () => {
  let elections: ZooKeeperElection[] = [];
  let proxies: ZooKeeperProxy[] = [];
  const candidate = (name: string, via = connectionString) => {
    const election = new ZooKeeperElection(name, {
      connectionString: via,
      sessionTimeoutMs: 2_000,
    });
    elections.push(election);
    return election;
  };
  afterEach(async () => {
    await Promise.all(elections.map((election) => election.close()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    elections = [];
    proxies = [];
  });

  it('zookeeper election: of two candidates only one leads, and the other takes over when the leader resigns', async () => {
    const name = uniqueResource('election');
    const [a, b] = [candidate(name), candidate(name)];
    const leaderA = await a.campaign('a');
    expect(leaderA.lease.resource).toBe(`election:${name}`);
    let leaderB: Leadership | undefined;
    let resigned = false;
    const campaignB = b.campaign('b').then((won) => {
      // Never two leaders: by the time b leads, a has stepped down.
      expect(leaderA.signal.aborted || resigned).toBe(true);
      leaderB = won;
      return won;
    });
    await delay(300);
    expect(leaderB).toBeUndefined();
    expect(await b.leader()).toBe('a');
    resigned = true;
    await leaderA.resign();
    const won = await campaignB;
    expect(won.candidateId).toBe('b');
    expect(won.fencingToken).toBeGreaterThan(leaderA.fencingToken);
    expect(await a.leader()).toBe('b');
    await won.resign();
    expect(await a.leader()).toBeNull();
  });

  it("zookeeper election: when the leader's session expires its signal fires and the other candidate becomes leader", async () => {
    const name = uniqueResource('election');
    const proxy = await startZooKeeperProxy(connectionString);
    proxies.push(proxy);
    const [a, b] = [candidate(name, proxy.connectionString), candidate(name)];
    const leaderA = await a.campaign('a');
    let leaderB: Leadership | undefined;
    const campaignB = b.campaign('b').then((won) => {
      // Never two leaders: a's signal fired before the server let b lead.
      expect(leaderA.signal.aborted).toBe(true);
      leaderB = won;
      return won;
    });
    await delay(200);
    const inspector = await openInspector(connectionString);
    await partitionUntilExpired(
      proxy,
      async () => (await inspector.exists(leaderA.lease.ownerId)) === null,
    );
    inspector.close();
    await campaignB;
    if (!leaderB) throw new Error('b did not become leader');
    expect((leaderA.signal.reason as LockLostError).code).toBe(LockErrorCode.Lost);
    expect(leaderB.candidateId).toBe('b');
    expect(await b.leader()).toBe('b');
    // The deposed candidate can campaign again on a fresh session and queues behind b.
    const again = a.campaign('a');
    await delay(200);
    await leaderB.resign();
    expect((await again).candidateId).toBe('a');
    await (await again).resign();
  });

  it('zookeeper election: a campaign cancelled by its signal rejects with LOCK_CANCELLED and leaves no candidate behind', async () => {
    const name = uniqueResource('election');
    const [a, b] = [candidate(name), candidate(name)];
    const leaderA = await a.campaign('a');
    const cancel = new AbortController();
    const campaignB = b.campaign('b', { signal: cancel.signal });
    await delay(200);
    cancel.abort();
    await expectLockError(campaignB, LockErrorCode.Cancelled);
    await leaderA.resign();
    // Had b's node stayed in line, it would now lead.
    expect(await a.leader()).toBeNull();
  });
});
