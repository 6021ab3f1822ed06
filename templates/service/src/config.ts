import { baseServiceConfig, envBoolean, envInteger } from '@lockstep/service-kit';
import { z } from 'zod';
import { lockSettings } from './lock-strategy.js';

/** Everything acme-widgets reads from the environment, once, in main.ts. */
export const acmeWidgetsConfigSchema = z.object({
  ...baseServiceConfig,
  ...lockSettings,
  SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('acme-widgets'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .max(200)
    .default('acme-widgets')
    .describe('Consumer group (and dedupe namespace) of the item-events consumer.'),
  KAFKA_FROM_BEGINNING: envBoolean()
    .default(true)
    .describe('Whether a new consumer group starts at the oldest retained message (else newest).'),
  OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
    .default(1_000)
    .describe('Safety-net poll of the outbox relay; commits wake it at once (LISTEN/NOTIFY).'),
  STALE_CLAIM_GRACE_MS: envInteger({ min: 0, max: 86_400_000 })
    .default(30_000)
    .describe('Audit: a claim still pending this long after it was made is stale.'),
});

/** acme-widgets' validated configuration. */
export type AcmeWidgetsConfig = z.output<typeof acmeWidgetsConfigSchema>;
