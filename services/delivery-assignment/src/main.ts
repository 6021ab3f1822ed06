import {
  createLogger,
  exitOnConfigError,
  loadConfig,
  startServiceTelemetry,
} from '@lockstep/service-kit';
import { configSchema } from './config.js';
import { startService } from './service.js';

/** Entry point: config from the environment (exit 78 listing every problem), start, then wait for a signal. */
await exitOnConfigError(async () => {
  const config = loadConfig(configSchema);
  const logger = createLogger({
    service: config.SERVICE_NAME,
    instanceId: config.INSTANCE_ID,
    level: config.LOG_LEVEL,
  });
  // Before the service: its first requests and lock acquisitions are already traced.
  const telemetry = await startServiceTelemetry(config, logger);
  const service = await startService(config, { logger, telemetry });
  service.runtime.installSignalHandlers();
});
