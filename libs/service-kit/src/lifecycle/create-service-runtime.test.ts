import type { Telemetry } from '@lockstep/telemetry';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { createServiceRuntime } from './create-service-runtime.js';

const config = {
  SERVICE_NAME: 'example',
  INSTANCE_ID: 'example-1',
  LOG_LEVEL: 'silent' as const,
  SHUTDOWN_TIMEOUT_MS: 5_000,
};

describe('createServiceRuntime', () => {
  it('flushes telemetry after every other component has stopped', async () => {
    const stopped: string[] = [];
    const telemetry = {
      shutdown: async () => {
        stopped.push('telemetry');
      },
    } as unknown as Telemetry;
    const { runtime } = createServiceRuntime(config, { telemetry });
    runtime.add({ name: 'http', start: () => {}, stop: async () => void stopped.push('http') });
    await runtime.start();
    await runtime.stop();
    expect(stopped).toEqual(['http', 'telemetry']);
  });

  it('uses the logger it is given, else builds one from the config', () => {
    const { logger } = memoryLogger('silent');
    expect(createServiceRuntime(config, { logger }).logger).toBe(logger);
    const built = createServiceRuntime({ ...config, LOG_LEVEL: 'warn' }).logger;
    expect(built.level).toBe('warn');
    expect(built.bindings()).toMatchObject({ service: 'example', instance: 'example-1' });
  });
});
