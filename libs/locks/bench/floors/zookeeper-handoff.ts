import { once } from 'node:events';
import { localTopology } from '@lockstep/infra-local';
import zookeeper, { type Client } from 'node-zookeeper-client';
import { monotonicNow } from '../../src/clock.js';
import { type SerialHandoff, summariseHandoffs } from './serial-handoff.js';

const { CreateMode, Event } = zookeeper;

/**
 * ZooKeeper's serial hand-off floor: two plain sessions pass one ephemeral node back and
 * forth. One hand-off is timed from the holder sending the delete until the waiter's create is
 * acknowledged: delete, watch event, create, the least any ZooKeeper lock needs to move between
 * holders. The waiter's watch is set (acknowledged) before the clock starts.
 */
export async function zookeeperSerialHandoff(
  handoffs: number,
  connectionString: string = localTopology().zookeeper,
): Promise<SerialHandoff> {
  const clients = await Promise.all([connect(connectionString), connect(connectionString)]);
  const parent = `/lockstep/floor-handoff/${process.pid}-${Date.now()}`;
  const node = `${parent}/lock`;
  const latencies: number[] = [];
  try {
    await call<string>((done) => clients[0]?.mkdirp(parent, done));
    await call<string>((done) => clients[0]?.create(node, CreateMode.EPHEMERAL, done));
    for (let i = 0; i < handoffs; i++) {
      const [holder, waiter] = [clients[i % 2], clients[(i + 1) % 2]];
      if (!holder || !waiter) break;
      let onDeleted: () => void = () => undefined;
      const deleted = new Promise<void>((resolve) => {
        onDeleted = resolve;
      });
      await call<unknown>((done) =>
        waiter.exists(
          node,
          (event) => event.getType() === Event.NODE_DELETED && onDeleted(),
          (error, stat) => done(error ?? (stat ? undefined : new Error('no node')), stat),
        ),
      );
      const sentAt = monotonicNow();
      const removed = call<void>((done) => holder.remove(node, -1, (e) => done(e, undefined)));
      await deleted;
      await call<string>((done) => waiter.create(node, CreateMode.EPHEMERAL, done));
      latencies.push(monotonicNow() - sentAt);
      await removed;
    }
  } finally {
    await Promise.all(clients.map(close));
  }
  return summariseHandoffs(latencies);
}

async function connect(connectionString: string): Promise<Client> {
  const client = zookeeper.createClient(connectionString, { sessionTimeout: 10_000, retries: 0 });
  const connected = once(client, 'connected');
  client.connect();
  await connected;
  return client;
}

function call<T>(send: (done: (error: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    send((error, value) => (error ? reject(error) : resolve(value))),
  );
}

async function close(client: Client): Promise<void> {
  const closed = once(client, 'disconnected');
  client.close();
  await closed;
}
