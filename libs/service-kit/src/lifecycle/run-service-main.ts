import type { Telemetry } from '@lockstep/telemetry';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { LogLevel } from '../config/base-service-config.js';
import { exitOnConfigError } from '../config/exit-on-config-error.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../logging/create-logger.js';
import {
  startServiceTelemetry,
  type TelemetryConfig,
} from '../telemetry/start-service-telemetry.js';
import { cpuProfileOnSignal } from './cpu-profile-on-signal.js';

/** What main.ts hands the service besides its config. */
export interface ServiceMainDeps {
  logger: Logger;
  telemetry: Telemetry;
  /** Always true from main.ts: SIGTERM/SIGINT stop the replica and exit (startEventService installs them before start-up). */
  installSignalHandlers: true;
}

/**
 * The body of every service's main.ts, in its one safe order: config read once from the
 * environment (a bad variable exits 78 listing every problem), the logger, telemetry (before
 * the service, so its first requests and lock acquisitions are already traced), then `start`.
 * `start` owns the rest: starting the service and installing its signal handlers.
 */
export function runServiceMain<S extends z.ZodObject>(
  schema: S,
  start: (config: z.output<S>, deps: ServiceMainDeps) => Promise<unknown>,
): Promise<unknown> {
  return exitOnConfigError(async () => {
    const config = loadConfig(schema) as z.output<S> &
      TelemetryConfig & { LOG_LEVEL: LogLevel; CPU_PROFILE_DIR?: string | undefined };
    const logger = createLogger({
      service: config.SERVICE_NAME,
      instanceId: config.INSTANCE_ID,
      level: config.LOG_LEVEL,
    });
    if (config.CPU_PROFILE_DIR !== undefined) {
      cpuProfileOnSignal(
        config.CPU_PROFILE_DIR,
        `${config.SERVICE_NAME}-${config.INSTANCE_ID}`,
        logger,
      );
    }
    const telemetry = await startServiceTelemetry(config, logger);
    return start(config, { logger, telemetry, installSignalHandlers: true });
  });
}
