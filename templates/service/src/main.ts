import { runServiceMain } from '@lockstep/service-kit';
import { acmeWidgetsConfigSchema } from './config.js';
import { startService } from './service.js';

// Config, logger and telemetry, in that order, then the service (with signal handlers, installed
// before its components start, so a SIGTERM during start-up stops cleanly): see runServiceMain.
await runServiceMain(acmeWidgetsConfigSchema, startService);
