import { runServiceMain } from '@lockstep/service-kit';
import { paymentConfigSchema } from './config.js';
import { startService } from './service.js';

// Config, logger and telemetry, in that order, then the service: see runServiceMain.
// Signal handlers are installed before the components start, so a SIGTERM during start-up
// stops cleanly.
await runServiceMain(paymentConfigSchema, (config, deps) =>
  startService(config, { ...deps, installSignalHandlers: true }),
);
