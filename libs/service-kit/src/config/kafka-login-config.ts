import type { SASLOptions } from 'kafkajs';
import { z } from 'zod';

/**
 * The services' Kafka password on the local stack (infra/ports.env), public by being here:
 * production mode refuses it (developmentOnlyDefaults).
 */
export const developmentKafkaPassword = 'services-development-password';

/** SASL mechanisms a replica can log in to Kafka with; `none` is a plaintext listener. */
export const kafkaSaslMechanisms = ['scram-sha-256', 'scram-sha-512', 'none'] as const;

/**
 * How a replica logs in to Kafka, as a zod shape the base config spreads: SASL/SCRAM by default
 * (the local stack and compose take nothing else), with the local stack's services user.
 */
export const kafkaLoginConfig = {
  KAFKA_SASL_MECHANISM: z
    .enum(kafkaSaslMechanisms)
    .default('scram-sha-256')
    .describe('SASL mechanism of the Kafka login; `none` for a broker without authentication.'),
  KAFKA_USERNAME: z
    .string()
    .min(1)
    .max(200)
    .default('services')
    .describe('Kafka SASL user of this service.'),
  KAFKA_PASSWORD: z
    .string()
    .min(1)
    .max(1000)
    .default(developmentKafkaPassword)
    .describe(
      'Kafka SASL password. Required with NODE_ENV=production (unless the mechanism is none); ' +
        `elsewhere it defaults to the local stack's public "${developmentKafkaPassword}".`,
    ),
};

/** The keys of {@link kafkaLoginConfig}, loaded. */
export interface KafkaLoginSettings {
  KAFKA_SASL_MECHANISM: (typeof kafkaSaslMechanisms)[number];
  KAFKA_USERNAME: string;
  KAFKA_PASSWORD: string;
}

/** The kafkajs `sasl` option for a loaded config, or undefined for a plaintext broker. */
export function kafkaSaslOf(config: KafkaLoginSettings): SASLOptions | undefined {
  if (config.KAFKA_SASL_MECHANISM === 'none') return undefined;
  return {
    mechanism: config.KAFKA_SASL_MECHANISM,
    username: config.KAFKA_USERNAME,
    password: config.KAFKA_PASSWORD,
  };
}
