import type { Telemetry } from '@lockstep/telemetry';
import type { Logger } from 'pino';
import type { LogLevel } from '../config/base-service-config.js';
import { createLogger } from '../logging/create-logger.js';
import { ServiceRuntime } from './service-runtime.js';

/** The keys of the base config {@link createServiceRuntime} reads. */
export interface ServiceRuntimeConfig {
  SERVICE_NAME: string;
  INSTANCE_ID: string;
  LOG_LEVEL: LogLevel;
  SHUTDOWN_TIMEOUT_MS: number;
}

/** What a service's startService gets besides its config. */
export interface ServiceStartOptions {
  /** Root logger; default pino on stdout at LOG_LEVEL. */
  logger?: Logger | undefined;
  /**
   * Started telemetry (main.ts: startServiceTelemetry): served on `/metrics` and flushed last
   * on stop. Unset (in-process tests): no `/metrics` route, spans go wherever the API points.
   */
  telemetry?: Telemetry | undefined;
}

/**
 * The first lines of every service's startService: its logger and its runtime, with telemetry
 * as the first component, so it stops last and the spans of the final drained requests are
 * still flushed.
 */
export function createServiceRuntime(
  config: ServiceRuntimeConfig,
  options: ServiceStartOptions = {},
): { logger: Logger; runtime: ServiceRuntime } {
  const logger =
    options.logger ??
    createLogger({
      service: config.SERVICE_NAME,
      instanceId: config.INSTANCE_ID,
      level: config.LOG_LEVEL,
    });
  const runtime = new ServiceRuntime({ logger, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  const telemetry = options.telemetry;
  if (telemetry) {
    // Started by main.ts before the runtime exists; the runtime only flushes it on stop.
    runtime.add({ name: 'telemetry', start: () => {}, stop: () => telemetry.shutdown() });
  }
  return { logger, runtime };
}
