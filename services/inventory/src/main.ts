import {
  createLogger,
  exitOnConfigError,
  loadConfig,
  startServiceTelemetry,
} from '@lockstep/service-kit';
import { inventoryConfigSchema } from './config.js';
import { startService } from './service.js';

// Start order: config (read once, here; a bad variable exits 78 listing every problem),
// logger, telemetry, then the service.
await exitOnConfigError(async () => {
  const config = loadConfig(inventoryConfigSchema);
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
