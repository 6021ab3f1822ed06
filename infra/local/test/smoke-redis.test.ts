import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { uniqueName } from './unique-name.ts';

const topology = localTopology();

describe('smoke: the three Redis nodes', () => {
  const clients = topology.redis.map((address) => {
    const [host, port] = address.split(':');
    return new Redis({ host, port: Number(port), lazyConnect: true, maxRetriesPerRequest: 0 });
  });
  afterAll(() => Promise.all(clients.map((c) => c.quit().catch(() => undefined))));

  it.each(topology.redis.map((address, i) => [address, i] as const))(
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
});
