import { exitOnConfigError, loadConfig } from '@lockstep/service-kit';
import { paymentConfigSchema } from './config.js';
import { startService } from './service.js';

// Config is read once, here: a bad variable exits 78 listing every problem. Signal handlers
// are installed before the components start, so a SIGTERM during start-up stops cleanly.
await exitOnConfigError(async () => {
  const config = loadConfig(paymentConfigSchema);
  await startService(config, { installSignalHandlers: true });
});
