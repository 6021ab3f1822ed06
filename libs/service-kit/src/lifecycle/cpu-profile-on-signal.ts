import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';

/**
 * Profiles a running replica on demand: the first SIGUSR2 starts V8's sampling CPU profiler,
 * the next writes `<dir>/<name>-<time>.cpuprofile` (open it in Chrome DevTools or summarize it
 * with `npm run load:profile`) and stops. Unlike `node --cpu-prof`, the profile covers only
 * the window asked for: no start-up, no module loading, no shutdown. Installed only when a
 * directory is configured, so SIGUSR2 keeps Node's default (terminate) everywhere else.
 */
export function cpuProfileOnSignal(dir: string, name: string, logger: Logger): () => void {
  const session = new Session();
  session.connect();
  let running = false;
  let busy: Promise<void> = Promise.resolve();
  const toggle = () => {
    // Signals can arrive faster than the inspector answers; each toggle waits for the last.
    busy = busy.then(async () => {
      try {
        if (!running) {
          await session.post('Profiler.enable');
          await session.post('Profiler.start');
          running = true;
          logger.info({ dir }, 'cpu profile started (SIGUSR2 again writes it)');
          return;
        }
        const { profile } = await session.post('Profiler.stop');
        running = false;
        const file = join(dir, `${name}-${Date.now()}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        logger.info({ file }, 'cpu profile written');
      } catch (error) {
        // Profiling is a diagnostic: failing to take one must never disturb the service.
        logger.warn({ err: error }, 'cpu profile failed');
      }
    });
  };
  process.on('SIGUSR2', toggle);
  return () => {
    process.off('SIGUSR2', toggle);
    session.disconnect();
  };
}
