import { createServer } from 'node:net';
import { localTopology } from '@lockstep/infra-local';
import { LockErrorCode, ZooKeeperLock } from '@lockstep/locks';
import { describe, expect, it } from 'vitest';
import { LockBackendComponent } from '../src/index.ts';

/** A port nothing answers on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('LockBackendComponent', () => {
  it('refuses to lock before start and after stop, and locks in between', async () => {
    const backend = new LockBackendComponent({
      strategy: 'zookeeper',
      instanceId: `backend-test-${process.pid}`,
      create: () => new ZooKeeperLock({ connectionString: localTopology().zookeeper }),
    });
    expect(backend.name).toBe('zookeeper-lock');
    await expect(backend.acquire('x')).rejects.toMatchObject({ code: LockErrorCode.Unavailable });
    await backend.start();
    await backend.ready();
    const lease = await backend.acquire(`backend-test-${process.pid}-work`, { waitMs: 0 });
    expect(lease.strategy).toBe('zookeeper');
    await lease.release();
    await backend.stop();
    await expect(backend.acquire('x')).rejects.toMatchObject({ code: LockErrorCode.Unavailable });
  });

  it('fails start-up when the backend cannot grant a lock', async () => {
    const port = await closedPort();
    const backend = new LockBackendComponent({
      strategy: 'zookeeper',
      instanceId: 'unreachable',
      create: () =>
        new ZooKeeperLock({ connectionString: `127.0.0.1:${port}`, connectTimeoutMs: 500 }),
    });
    await expect(backend.start()).rejects.toMatchObject({ code: LockErrorCode.Unavailable });
    await backend.stop();
  });
});
