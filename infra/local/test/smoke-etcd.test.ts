import { Etcd3 } from 'etcd3';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { uniqueName } from './unique-name.ts';

describe('smoke: etcd', () => {
  const client = new Etcd3({ hosts: localTopology().etcd, dialTimeout: 3_000 });
  afterAll(() => client.close());

  it('etcd3 puts and gets a key and reports its create revision', async () => {
    const key = uniqueName('smoke/etcd');
    await client.put(key).value('hello');
    expect(await client.get(key).string()).toBe('hello');
    const response = await client.get(key).exec();
    expect(BigInt(response.kvs[0]?.create_revision ?? '0')).toBeGreaterThan(0n);
    await client.delete().key(key);
  });

  it('a key attached to a lease disappears when the lease is revoked', async () => {
    const key = uniqueName('smoke/lease');
    const lease = client.lease(5, { autoKeepAlive: false });
    await lease.put(key).value('leased');
    expect(await client.get(key).string()).toBe('leased');
    await lease.revoke();
    expect(await client.get(key).string()).toBeNull();
  });
});
