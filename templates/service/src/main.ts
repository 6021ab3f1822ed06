import { runServiceMain } from '@lockstep/service-kit';
import { acmeWidgetsConfigSchema } from './config.js';
import { startService } from './service.js';

// Config, logger and telemetry, in that order, then the service: see runServiceMain.
await runServiceMain(acmeWidgetsConfigSchema, async (config, deps) => {
  const service = await startService(config, deps);
  service.runtime.installSignalHandlers();
});
