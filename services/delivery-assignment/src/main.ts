import { exitOnConfigError, loadConfig } from '@lockstep/service-kit';
import { configSchema } from './config.js';
import { startService } from './service.js';

/** Entry point: config from the environment (exit 78 listing every problem), start, then wait for a signal. */
await exitOnConfigError(async () => {
  const config = loadConfig(configSchema);
  const service = await startService(config);
  service.runtime.installSignalHandlers();
});
