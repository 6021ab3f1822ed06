import {
  baseServiceConfig,
  developmentRedisNodes,
  envInteger,
  envList,
} from '@lockstep/service-kit';
import { z } from 'zod';

/** A fraction in [0, 1] read from a string, e.g. `0.25`. */
function envFraction() {
  return z.coerce
    .number({ error: (issue) => (issue.code === 'invalid_type' ? 'expected a number' : undefined) })
    .min(0)
    .max(1);
}

/**
 * What to do with a payment request naming a wallet this database does not hold:
 * - `fail`: answer payment.failed 'unknown-wallet', so the saga releases its hold at once (production);
 * - `ignore`: consume it without effect. For test runs on shared topics, where requests of
 *   other runs name wallets that live in other databases and must not be answered from here.
 */
export const unknownWalletPolicies = ['fail', 'ignore'] as const;

/** One of {@link unknownWalletPolicies}. */
export type UnknownWalletPolicy = (typeof unknownWalletPolicies)[number];

/** The payment service's configuration: the kit's base keys plus its own, read once in main.ts. */
export const paymentConfigSchema = z.object({
  ...baseServiceConfig,
  // .default() wraps the kit's schema and drops its description, so it is given again.
  SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('payment').describe(
    'Name of the service; the `service` field of every log line and trace.',
  ),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .default('payment')
    .describe('Kafka consumer group of payment.requested; replicas share it and split partitions.'),
  REDIS_NODES: envList()
    .default(developmentRedisNodes)
    .describe(
      'Comma-separated independent Redis nodes the wallet Redlock votes on, ' +
        '`redis://user:password@host:port` (or `host:port` for a node without ACL users). ' +
        'Default: the local stack as its lock user; production mode refuses that default.',
    ),
  WALLET_LOCK_TTL_MS: envInteger({ min: 100, max: 60_000 })
    .default(5_000)
    .describe('Wallet lease TTL; renewed every third of it while a payment is in flight.'),
  WALLET_LOCK_WAIT_MS: envInteger({ min: 0, max: 60_000 })
    .default(10_000)
    .describe('How long a payment or top-up waits for a busy wallet before giving up (retry/429).'),
  GATEWAY_LATENCY_MS: envInteger({ min: 0, max: 10_000 })
    .default(50)
    .describe('Initial simulated bank gateway latency; PUT /gateway changes it per replica.'),
  GATEWAY_FAILURE_RATE: envFraction()
    .default(0)
    .describe(
      'Initial share of gateway calls declined (0..1); PUT /gateway changes it per replica.',
    ),
  UNKNOWN_WALLET_POLICY: z
    .enum(unknownWalletPolicies)
    .default('fail')
    .describe("Answer requests for unknown wallets with payment.failed ('fail') or drop them."),
  CONSUMER_CONCURRENCY: envInteger({ min: 1, max: 16 })
    .default(3)
    .describe('Partitions one replica processes in parallel (each holds a pooled connection).'),
  CONSUMER_MAX_ATTEMPTS: envInteger({ min: 1, max: 20 })
    .default(5)
    .describe('Handler runs per message (busy wallet, lost lease) before it is dead-lettered.'),
  KAFKA_SESSION_TIMEOUT_MS: envInteger({ min: 6_000, max: 300_000 })
    .default(30_000)
    .describe(
      'Consumer session timeout. Handlers cannot heartbeat, so keep it above the lock wait plus the largest gateway latency (10 s).',
    ),
  OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
    .default(1000)
    .describe(
      'Safety-net poll of the outbox relay. Commits wake it at once through the outbox notification (LISTEN/NOTIFY), so this bounds only the delay after a lost notification.',
    ),
  DB_POOL_SIZE: baseServiceConfig.DB_POOL_SIZE.describe(
    'Most Postgres connections per replica; keep above CONSUMER_CONCURRENCY + 2.',
  ),
});

/** The parsed configuration. */
export type PaymentConfig = z.output<typeof paymentConfigSchema>;
