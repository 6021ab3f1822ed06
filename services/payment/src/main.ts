import {
  createLogger,
  exitOnConfigError,
  loadConfig,
  startServiceTelemetry,
} from '@lockstep/service-kit';
import { paymentConfigSchema } from './config.js';
import { startService } from './service.js';

// Config is read once, here: a bad variable exits 78 listing every problem. Signal handlers
// are installed before the components start, so a SIGTERM during start-up stops cleanly.
await exitOnConfigError(async () => {
  const config = loadConfig(paymentConfigSchema);
  const logger = createLogger({
    service: config.SERVICE_NAME,
    instanceId: config.INSTANCE_ID,
    level: config.LOG_LEVEL,
  });
  // Before the service: its first requests and lock acquisitions are already traced.
  const telemetry = await startServiceTelemetry(config, logger);
  await startService(config, { logger, telemetry, installSignalHandlers: true });
});
