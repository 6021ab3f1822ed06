import { localTopology } from '@lockstep/infra-local';
import { Redlock } from '@sesamecare-oss/redlock';
import { Redis } from 'ioredis';
import { EtcdLock } from '../src/etcd/index.js';
import type { DistributedLock } from '../src/index.js';
import { RedisLock, RedlockLock } from '../src/redis/index.js';
import { ZooKeeperLock } from '../src/zookeeper/index.js';
import { createEtcd3BuiltinLock, createRawFloor as etcdFloor } from './floors/etcd.js';
import { createRawFloor as redisFloor } from './floors/redis.js';
import { createRawFloor as zookeeperFloor } from './floors/zookeeper.js';
import type { BenchClient } from './measure.js';

/** The backends the bench can be limited to with `--only`. */
export const benchBackends = ['redis', 'redlock', 'zookeeper', 'etcd'] as const;
export type BenchBackend = (typeof benchBackends)[number];

/** One thing the benchmark measures: a lockstep lock, a hand-written floor, or a peer library. */
export interface BenchSubject {
  name: string;
  /** Backend, for `--only`. */
  backend: BenchBackend;
  kind: 'lockstep' | 'floor' | 'peer';
  /** Whether to run the contended (one hot key) scenario; floors never wait, so they skip it. */
  contended: boolean;
  /** Name of the floor subject this one is compared with (uncontended throughput). */
  floor?: string;
  /** Name of the peer subject this one is compared with (contended throughput). */
  peer?: string;
  open(): Promise<BenchClient>;
}

const HOLD = { ttlMs: 10_000, waitMs: 30_000 };

function fromLock(create: () => DistributedLock): () => Promise<BenchClient> {
  return async () => {
    const lock = create();
    return {
      acquire: async (resource) => {
        const lease = await lock.acquire(resource, HOLD);
        return () => lease.release();
      },
      close: () => lock.close(),
    };
  };
}

/** Floors and etcd3's Lock only offer a whole lock+unlock, so one cycle is timed as the acquire. */
function fromCycle(
  create: () => Promise<{ lockUnlock(r: string): Promise<void>; close(): Promise<void> }>,
) {
  return async (): Promise<BenchClient> => {
    const floor = await create();
    return {
      acquire: async (resource) => {
        await floor.lockUnlock(resource);
        return async () => undefined;
      },
      close: () => floor.close(),
    };
  };
}

/** node-redlock's maintained fork with its default retry loop (200 ms ± 100 ms), retrying forever. */
function sesameRedlock(nodes: readonly string[]) {
  return async (): Promise<BenchClient> => {
    const clients = nodes.map((url) => new Redis(url));
    const redlock = new Redlock(clients, { retryCount: -1 });
    return {
      acquire: async (resource) => {
        const lock = await redlock.acquire([`lockstep:peer:${resource}`], HOLD.ttlMs);
        return async () => {
          await lock.release();
        };
      },
      close: async () => {
        await Promise.all(clients.map((c) => c.quit()));
      },
    };
  };
}

/** Every subject, lockstep first within each backend, in the order the table prints them. */
export function benchSubjects(): BenchSubject[] {
  const topology = localTopology();
  const one = [topology.redis[0]];
  return [
    {
      name: 'lockstep redlock (3 nodes)',
      backend: 'redlock',
      kind: 'lockstep',
      contended: true,
      floor: 'floor redis (3 nodes)',
      peer: 'peer @sesamecare-oss/redlock (3 nodes)',
      open: fromLock(() => new RedlockLock({ nodes: topology.redis })),
    },
    {
      name: 'floor redis (3 nodes)',
      backend: 'redlock',
      kind: 'floor',
      contended: false,
      open: fromCycle(() => redisFloor(topology.redis)),
    },
    {
      name: 'peer @sesamecare-oss/redlock (3 nodes)',
      backend: 'redlock',
      kind: 'peer',
      contended: true,
      open: sesameRedlock(topology.redis),
    },
    {
      name: 'lockstep redis (1 node)',
      backend: 'redis',
      kind: 'lockstep',
      contended: true,
      floor: 'floor redis (1 node)',
      peer: 'peer @sesamecare-oss/redlock (1 node)',
      open: fromLock(() => new RedisLock({ node: topology.redis[0] })),
    },
    {
      name: 'floor redis (1 node)',
      backend: 'redis',
      kind: 'floor',
      contended: false,
      open: fromCycle(() => redisFloor(one)),
    },
    {
      name: 'peer @sesamecare-oss/redlock (1 node)',
      backend: 'redis',
      kind: 'peer',
      contended: true,
      open: sesameRedlock(one),
    },
    {
      name: 'lockstep zookeeper',
      backend: 'zookeeper',
      kind: 'lockstep',
      contended: true,
      floor: 'floor zookeeper',
      open: fromLock(() => new ZooKeeperLock({ connectionString: topology.zookeeper })),
    },
    {
      name: 'floor zookeeper',
      backend: 'zookeeper',
      kind: 'floor',
      contended: false,
      open: fromCycle(() => zookeeperFloor(topology.zookeeper)),
    },
    {
      name: 'lockstep etcd',
      backend: 'etcd',
      kind: 'lockstep',
      contended: true,
      floor: 'floor etcd',
      peer: 'peer etcd3 Lock (retry loop)',
      open: fromLock(() => new EtcdLock({ endpoints: topology.etcd })),
    },
    {
      name: 'floor etcd',
      backend: 'etcd',
      kind: 'floor',
      contended: false,
      open: fromCycle(() => etcdFloor(topology.etcd)),
    },
    {
      name: 'peer etcd3 Lock (retry loop)',
      backend: 'etcd',
      kind: 'peer',
      contended: true,
      open: fromCycle(() => createEtcd3BuiltinLock(topology.etcd, { waitMs: 60_000 })),
    },
  ];
}
