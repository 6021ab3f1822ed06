import { exitOnConfigError, loadConfig } from '@lockstep/service-kit';
import { inventoryConfigSchema } from './config.js';
import { startService } from './service.js';

// Config is read once, here; a bad variable exits 78 listing every problem.
await exitOnConfigError(async () => {
  const config = loadConfig(inventoryConfigSchema);
  const service = await startService(config);
  service.runtime.installSignalHandlers();
});
