import {
  type DistributedLock,
  EtcdLock,
  type LockStrategy,
  RedisLock,
  RedlockLock,
  ZooKeeperLock,
} from '@lockstep/locks';
import { z } from 'zod';
import { developmentRedisNodes } from '../config/development-redis.js';
import { envInteger, envList } from '../config/env-schemas.js';

/** How long a guarded update waits for its lock; every lock strategy has it. */
const lockWait = {
  LOCK_WAIT_MS: envInteger({ min: 0, max: 60_000 })
    .default(2_000)
    .describe('How long an update waits for its row lock before answering 429 (busy).'),
};

/** A lock lease's TTL, in ms. */
function lockTtl(min: number, note = '') {
  return envInteger({ min, max: 60_000 })
    .default(10_000)
    .describe(`Lock TTL${note}: how long a crashed holder keeps its row locked.`);
}

/** One strategy: its config keys, and how its lock client is made from them (none for CAS). */
function strategy<Shape extends z.ZodRawShape>(
  settings: Shape,
  lock?: (config: z.output<z.ZodObject<Shape>>) => DistributedLock,
) {
  return { settings, lock };
}

/**
 * Each guard strategy of createRowGuard: its settings, as a zod shape to spread into a
 * service's config schema (server addresses default to the local stack's), and its lock client.
 */
export const guardStrategies = {
  redlock: strategy(
    {
      ...lockWait,
      REDIS_NODES: envList()
        .default(developmentRedisNodes)
        .describe(
          'Comma-separated independent Redis nodes of the Redlock locks, `host:port` or ' +
            '`redis://user:password@host:port` (the local stack refuses anonymous clients).',
        ),
      LOCK_TTL_MS: lockTtl(100),
    },
    (c) => new RedlockLock({ nodes: c.REDIS_NODES, defaultTtlMs: c.LOCK_TTL_MS }),
  ),
  redis: strategy(
    {
      ...lockWait,
      REDIS_NODE: z
        .string()
        .min(1)
        .default(developmentRedisNodes[0] as string)
        .describe('The Redis node of the locks, `redis://user:password@host:port`.'),
      LOCK_TTL_MS: lockTtl(100),
    },
    (c) => new RedisLock({ node: c.REDIS_NODE, defaultTtlMs: c.LOCK_TTL_MS }),
  ),
  zookeeper: strategy(
    {
      ...lockWait,
      ZOOKEEPER_CONNECT: z
        .string()
        .min(1)
        .default('127.0.0.1:2191')
        .describe('ZooKeeper connection string of the locks.'),
      ZOOKEEPER_SESSION_TIMEOUT_MS: envInteger({ min: 2_000, max: 60_000 })
        .default(10_000)
        .describe('ZooKeeper session timeout: how long a crashed holder keeps its row locked.'),
    },
    (c) =>
      new ZooKeeperLock({
        connectionString: c.ZOOKEEPER_CONNECT,
        sessionTimeoutMs: c.ZOOKEEPER_SESSION_TIMEOUT_MS,
      }),
  ),
  etcd: strategy(
    {
      ...lockWait,
      ETCD_ENDPOINTS: envList()
        .default(['http://127.0.0.1:2389'])
        .describe('Comma-separated etcd client URLs of the locks.'),
      LOCK_TTL_MS: lockTtl(2_000, ' (etcd lease, whole seconds)'),
    },
    (c) => new EtcdLock({ endpoints: c.ETCD_ENDPOINTS, defaultTtlMs: c.LOCK_TTL_MS }),
  ),
  cas: strategy({
    CAS_MAX_ATTEMPTS: envInteger({ min: 1, max: 100 })
      .default(8)
      .describe('Attempts of one update before it answers 429 (busy); each lost race retries.'),
  }),
} satisfies Record<LockStrategy, { settings: z.ZodRawShape }>;

/** The config keys of strategy `S` as a service's config holds them, with its replica id. */
export type GuardConfig<S extends LockStrategy> = z.output<
  z.ZodObject<(typeof guardStrategies)[S]['settings']>
> & { INSTANCE_ID: string };

/** The settings of strategy `S`, to spread into a service's config schema. */
export function guardSettings<S extends LockStrategy>(
  name: S,
): (typeof guardStrategies)[S]['settings'] {
  return guardStrategies[name].settings;
}
