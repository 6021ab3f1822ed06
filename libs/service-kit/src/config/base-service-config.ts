import { hostname } from 'node:os';
import { z } from 'zod';
import { authServiceConfig } from '../auth/auth-config.js';
import { developmentIssuer } from '../auth/development-keys.js';
import { developmentRedisNodes } from './development-redis.js';
import { envBoolean, envInteger, envList, envRatio, envUrl } from './env-schemas.js';
import { developmentKafkaPassword, kafkaLoginConfig } from './kafka-login-config.js';

/** Log levels pino understands, most to least severe, plus `silent`. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number];

/**
 * The admin token a replica uses when ADMIN_TOKEN is unset outside production. It is public
 * (it is in this file), so it only spares local runs a setting; production mode refuses it.
 */
export const developmentAdminToken = 'lockstep-development-admin-token';

/**
 * Keys whose default is only for development: with NODE_ENV=production, loadConfig refuses to
 * start unless each is set, and set to something other than this default.
 */
export const developmentOnlyDefaults: Record<string, string> = {
  ADMIN_TOKEN: developmentAdminToken,
  AUTH_ISSUER: developmentIssuer,
  KAFKA_PASSWORD: developmentKafkaPassword,
  // The local stack's Redis nodes with the lock user's public password (a service's own key).
  REDIS_NODES: developmentRedisNodes.join(','),
  REDIS_NODE: developmentRedisNodes[0] as string,
};

/**
 * The keys every lockstep service reads, as a zod shape to spread into the service's own
 * schema: `z.object({ ...baseServiceConfig, RESERVATION_TTL_MS: envInteger(...) })`.
 * A service gives its own default by wrapping a key again:
 * `SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('inventory')`.
 *
 * DATABASE_URL and KAFKA_BROKERS have no default on purpose: a default that silently points
 * a replica at the wrong database is worse than refusing to start.
 */
export const baseServiceConfig = {
  SERVICE_NAME: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, { error: 'expected a lower-case name like "inventory"' })
    .describe('Name of the service; the `service` field of every log line and trace.'),
  PORT: envInteger({ min: 0, max: 65_535 })
    .default(8080)
    .describe('HTTP port to listen on; 0 picks a free port (tests, several replicas on one host).'),
  LOG_LEVEL: z.enum(logLevels).default('info').describe('Lowest pino level written to stdout.'),
  NODE_ENV: z
    .enum(['development', 'test', 'production'])
    .default('development')
    .describe(
      'production makes every development-only default (ADMIN_TOKEN, AUTH_ISSUER, the development key in AUTH_JWKS) an error: ' +
        'the replica refuses to start until it is set; the development token route (POST /dev/tokens) is not mounted.',
    ),
  ADMIN_TOKEN: z
    .string()
    .min(16, { error: 'expected at least 16 characters' })
    .max(512)
    .regex(/^[\x21-\x7E]+$/, { error: 'expected printable ASCII without spaces' })
    .default(developmentAdminToken)
    .describe(
      'The credential admin routes (fault injection, seeding, restocking, top-ups, audits) ' +
        'require in the x-admin-token header. Required with NODE_ENV=production; elsewhere it ' +
        `defaults to the public "${developmentAdminToken}".`,
    ),
  ...authServiceConfig,
  DATABASE_URL: envUrl(['postgres', 'postgresql']).describe(
    "postgres:// URL of the service's own database (created at start-up if missing, when allowed).",
  ),
  DB_POOL_SIZE: envInteger({ min: 2, max: 200 })
    .default(10)
    .describe('Most Postgres connections one replica opens.'),
  KAFKA_BROKERS: envList().describe('Comma-separated Kafka bootstrap brokers, `host:port`.'),
  ...kafkaLoginConfig,
  SHUTDOWN_TIMEOUT_MS: envInteger({ min: 0, max: 600_000 })
    .default(10_000)
    .describe(
      'Overall deadline for a graceful stop; keep it below the orchestrator grace period (k8s: 30 s).',
    ),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: envInteger({ min: 1_000, max: 290_000 })
    .default(65_000)
    .describe(
      'How long an idle keep-alive connection stays open. Keep it above the idle timeout of ' +
        'whatever sends the requests (load balancer, proxy, load generator): Node closing an ' +
        'idle connection the instant a client reuses it resets that request.',
    ),
  INSTANCE_ID: z
    .string()
    .min(1)
    .default(() => `${hostname()}-${process.pid}`)
    .describe(
      'Identifies this replica in logs, lock owners and consumer ids; default hostname-pid.',
    ),
  TELEMETRY_ENABLED: envBoolean()
    .default(true)
    .describe(
      'Whether OpenTelemetry starts (spans, /metrics); false leaves every span and metric a no-op.',
    ),
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl(['http', 'https'])
    .optional()
    .describe(
      'Base URL of an OTLP/HTTP receiver (Jaeger: http://jaeger:4318); spans go to <url>/v1/traces. ' +
        'Unset: no spans leave the process; metrics and trace ids in logs still work.',
    ),
  CPU_PROFILE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Where SIGUSR2 writes on-demand CPU profiles (first signal starts, second writes). ' +
        'Unset: SIGUSR2 is not handled. For profiling a replica under load, never needed in production.',
    ),
  TRACE_SAMPLE_RATIO: envRatio()
    .default(1)
    .describe(
      'Share of new traces recorded, 0..1; a span with a parent follows its parent, so an order ' +
        'is traced across every service or not at all.',
    ),
};
