import zookeeper from 'node-zookeeper-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { uniqueName } from './unique-name.ts';

const { CreateMode } = zookeeper;

function connected(client: zookeeper.Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('ZooKeeper did not connect within 5 s')),
      5_000,
    );
    client.once('connected', () => {
      clearTimeout(timer);
      resolve();
    });
    client.connect();
  });
}

function promisify<T>(
  call: (cb: (error: Error | zookeeper.Exception | null, value: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    call((error, value) => (error ? reject(error) : resolve(value))),
  );
}

describe('smoke: ZooKeeper', () => {
  const client = zookeeper.createClient(localTopology().zookeeper, {
    sessionTimeout: 5_000,
    retries: 0,
  });
  beforeAll(() => connected(client));
  afterAll(() => client.close());

  it('creates ephemeral sequential nodes in increasing order and owns them by session', async () => {
    const parent = `/${uniqueName('smoke-zk')}`;
    await promisify<string>((cb) => client.mkdirp(parent, cb));
    const first = await promisify<string>((cb) =>
      client.create(`${parent}/lock-`, CreateMode.EPHEMERAL_SEQUENTIAL, cb),
    );
    const second = await promisify<string>((cb) =>
      client.create(`${parent}/lock-`, CreateMode.EPHEMERAL_SEQUENTIAL, cb),
    );
    expect(first < second).toBe(true);
    const stat = await promisify<zookeeper.Stat>((cb) => client.exists(first, cb));
    expect(stat.ephemeralOwner.toString('hex')).toBe(client.getSessionId().toString('hex'));
    const children = await promisify<string[]>((cb) => client.getChildren(parent, cb));
    expect(children.sort()).toEqual([first, second].map((p) => p.slice(parent.length + 1)));
    for (const path of [first, second, parent]) {
      await promisify<void>((cb) => client.remove(path, (error) => cb(error, undefined)));
    }
  });
});
