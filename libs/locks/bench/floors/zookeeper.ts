import { once } from 'node:events';
import { localTopology } from '@lockstep/infra-local';
import zookeeper, { type Client } from 'node-zookeeper-client';

/** What the bench runner drives: one uncontended lock+unlock per call. */
export interface LockUnlock {
  lockUnlock(resource: string): Promise<void>;
  close(): Promise<void>;
}

const ROOT = '/lockstep/floor';

/**
 * The raw floor of the ZooKeeper lock: the round trips one uncontended lock+unlock needs,
 * issued by hand with a plain node-zookeeper-client on one session. Lock: create an ephemeral
 * sequential node under the resource's (already existing) parent, then list the children to see
 * that ours is the lowest. Unlock: delete it. No protection id recovery, ownership check, token,
 * waiting, lease bookkeeping or tracing: what the library adds is what the benchmark compares.
 * A resource's parent is created on its first use only, as the lock keeps hot parents.
 */
export async function createRawFloor(
  connectionString: string = localTopology().zookeeper,
): Promise<LockUnlock> {
  const client = zookeeper.createClient(connectionString, { sessionTimeout: 10_000, retries: 0 });
  const connected = once(client, 'connected');
  client.connect();
  await connected;
  const parents = new Map<string, Promise<void>>();
  return {
    async lockUnlock(resource: string): Promise<void> {
      const parent = `${ROOT}/${encodeURIComponent(resource)}`;
      let ready = parents.get(parent);
      if (!ready) {
        ready = call<string>((done) => client.mkdirp(parent, done)).then(() => undefined);
        parents.set(parent, ready);
      }
      await ready;
      const path = await call<string>((done) =>
        client.create(`${parent}/lock-`, zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL, done),
      );
      const children = await call<string[]>((done) => client.getChildren(parent, done));
      const lowest = children.sort()[0];
      if (`${parent}/${lowest}` !== path) throw new Error(`floor: ${parent} was not free`);
      await call<void>((done) => client.remove(path, -1, (error) => done(error, undefined)));
    },
    async close(): Promise<void> {
      await closeClient(client);
    },
  };
}

function call<T>(send: (done: (error: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    send((error, value) => (error ? reject(error) : resolve(value))),
  );
}

async function closeClient(client: Client): Promise<void> {
  const closed = once(client, 'disconnected');
  client.close();
  await closed;
}
