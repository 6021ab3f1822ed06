import { runServiceMain } from '@lockstep/service-kit';
import { configSchema } from './config.js';
import { startService } from './service.js';

// Config, logger and telemetry, in that order, then the service: see runServiceMain.
await runServiceMain(configSchema, async (config, deps) => {
  const service = await startService(config, deps);
  service.runtime.installSignalHandlers();
});
