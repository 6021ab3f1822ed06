import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Leadership, LockErrorCode, type LockLostError } from '../src/index.ts';
import { ZooKeeperElection } from '../src/zookeeper/index.ts';
import { encodeResource } from '../src/zookeeper/lock-node-name.ts';
import { describeElectionContract } from './support/election-contract.ts';
import {
  type Inspector,
  openInspector,
  partitionUntilExpired,
  startZooKeeperProxy,
  type ZooKeeperProxy,
} from './support/private-zookeeper.ts';
import { uniqueResource } from './support/unique-resource.ts';

const connectionString = localTopology().zookeeper;

describe('zookeeper election (shared server)', () => {
  let elections: ZooKeeperElection[] = [];
  let proxies: ZooKeeperProxy[] = [];
  let inspector: Inspector | undefined;
  const candidate = (name: string, via = connectionString) => {
    const election = new ZooKeeperElection({
      name,
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
  afterAll(() => inspector?.close());

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

  describeElectionContract({
    name: 'zookeeper',
    create: (name) => candidate(name),
    candidatesInLine: async (name) => {
      inspector ??= await openInspector(connectionString);
      return (await inspector.children(`/lockstep/elections/${encodeResource(name)}`)).length;
    },
  });
});
