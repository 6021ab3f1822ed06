import { once } from 'node:events';
import { localTopology } from '@lockstep/infra-local';
import { Redis } from 'ioredis';
import { monotonicNow } from '../../src/clock.js';
import { type SerialHandoff, summariseHandoffs } from './serial-handoff.js';

/** Compare-and-delete, then tell waiters: the least a Redis release that wakes anyone does. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) redis.call('PUBLISH', KEYS[2], '1') return 1 end return 0`;

/**
 * A Redis node's serial hand-off floor: two plain clients, each with a subscriber connection,
 * pass one key back and forth. One hand-off is timed from the holder sending its release until
 * the waiter, woken by the release's PUBLISH, has its `SET NX` acknowledged: release, message,
 * take. Both waiters stay subscribed, so no subscription is on the clock.
 */
export async function redisSerialHandoff(
  handoffs: number,
  node: string = localTopology().redis[0] as string,
): Promise<SerialHandoff> {
  const open = () => new Redis(node);
  const clients = [open(), open()];
  const subscribers = [open(), open()];
  const key = `lockstep:floor-handoff:${process.pid}-${Date.now()}`;
  const channel = `${key}:released`;
  const owners = ['a', 'b'];
  const latencies: number[] = [];
  try {
    await Promise.all(subscribers.map((s) => s.subscribe(channel)));
    await clients[0]?.set(key, owners[0] as string, 'PX', 10_000, 'NX');
    for (let i = 0; i < handoffs; i++) {
      const [holder, waiter] = [clients[i % 2], clients[(i + 1) % 2]];
      const woken = subscribers[(i + 1) % 2];
      if (!holder || !waiter || !woken) break;
      const message = once(woken, 'message');
      const sentAt = monotonicNow();
      const released = holder.eval(RELEASE, 2, key, channel, owners[i % 2] as string);
      await message;
      const taken = await waiter.set(key, owners[(i + 1) % 2] as string, 'PX', 10_000, 'NX');
      latencies.push(monotonicNow() - sentAt);
      if (taken !== 'OK') throw new Error(`floor: ${key} was taken by someone else`);
      await released;
    }
  } finally {
    await Promise.all([...clients, ...subscribers].map((c) => c.quit().catch(() => undefined)));
  }
  return summariseHandoffs(latencies);
}
