import { runServiceMain } from '@lockstep/service-kit';
import { inventoryConfigSchema } from './config.js';
import { startService } from './service.js';

// Config, logger and telemetry, in that order, then the service: see runServiceMain.
await runServiceMain(inventoryConfigSchema, async (config, deps) => {
  const service = await startService(config, deps);
  service.runtime.installSignalHandlers();
});
