import { z } from 'zod';
import { baseServiceConfig } from './base-service-config.js';
import { envBoolean, envInteger } from './env-schemas.js';

/**
 * baseServiceConfig with the keys of an event service (startEventService) and `name` as the
 * default SERVICE_NAME and consumer group, as a zod shape to spread into the service's schema.
 */
export function eventServiceConfig(name: string) {
  return {
    ...baseServiceConfig,
    SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default(name),
    KAFKA_GROUP_ID: z
      .string()
      .min(1)
      .max(200)
      .default(name)
      .describe("Consumer group (and dedupe namespace) of the service's consumers."),
    KAFKA_FROM_BEGINNING: envBoolean()
      .default(true)
      .describe(
        'Whether a new consumer group starts at the oldest retained message (else newest).',
      ),
    OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
      .default(1_000)
      .describe('Safety-net poll of the outbox relay; commits wake it at once (LISTEN/NOTIFY).'),
  };
}
