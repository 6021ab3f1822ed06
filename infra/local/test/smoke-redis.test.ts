import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { refusalOf } from './redis-refusal.ts';
import { uniqueName } from './unique-name.ts';

const topology = localTopology();

describe('smoke: the three Redis nodes', () => {
  const clients = topology.redis.map(
    (url) => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 }),
  );
  afterAll(() => Promise.all(clients.map((c) => c.quit().catch(() => undefined))));
  /** `host:port` of a node, for test names: the URL carries a password. */
  const hostPort = (url: string) => new URL(url).host;

  it.each(topology.redis.map((url, i) => [hostPort(url), i] as const))(
    'ioredis sets and reads back a key with a TTL on %s',
    async (_address, i) => {
      const client = clients[i];
      if (client === undefined) throw new Error(`no client for node ${i}`);
      await client.connect();
      const key = uniqueName('smoke:redis');
      expect(await client.set(key, 'v1', 'PX', 5_000, 'NX')).toBe('OK');
      expect(await client.set(key, 'v2', 'PX', 5_000, 'NX')).toBeNull();
      expect(await client.get(key)).toBe('v1');
      expect(await client.pttl(key)).toBeGreaterThan(0);
      await client.del(key);
    },
  );

  it('the nodes are independent: a key written to one is absent on the others', async () => {
    const [first, ...others] = clients;
    if (first === undefined) throw new Error('no Redis clients');
    const key = uniqueName('smoke:independent');
    await first.set(key, 'only-here', 'PX', 5_000);
    for (const other of others) expect(await other.exists(key)).toBe(0);
    await first.del(key);
  });

  it.each(topology.redis.map(hostPort))(
    '%s refuses a client without credentials and a wrong password',
    async (address) => {
      expect(await refusalOf(`redis://${address}`)).toMatch(/^NOAUTH/);
      const user = new URL(topology.redis[0]).username;
      expect(await refusalOf(`redis://${user}:not-the-password@${address}`)).toMatch(/^WRONGPASS/);
    },
  );
});
