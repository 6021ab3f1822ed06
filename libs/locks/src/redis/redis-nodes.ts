import { Redis, type RedisOptions } from 'ioredis';
import { sleep } from '../clock.js';

/** One node's answer to a broadcast: its reply, or the error or timeout that stood in for it. */
export type NodeReply<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** How the clients of a node set connect and give up. */
export interface RedisNodeOptions {
  /** How long one command may take on one node before that node counts as not answering. */
  nodeTimeoutMs: number;
  /** How long connecting (and closing) may take per node. */
  connectTimeoutMs: number;
}

/**
 * Options for a client that answers fast when its node is down: no offline queue (a command
 * to a disconnected node fails at once instead of waiting for a reconnect), one retry at most,
 * and a short capped reconnect backoff so a restarted node is used again within a second.
 */
export function failFastOptions(address: string, options: RedisNodeOptions): RedisOptions {
  const url = new URL(address.includes('://') ? address : `redis://${address}`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'), // URL keeps IPv6 brackets; ioredis must not get them
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: options.connectTimeoutMs,
    retryStrategy: (times) => Math.min(50 * times, 500),
  };
}

/** Connects a fail-fast client; resolves either way, since a dead node must not block the others. */
export async function connectQuietly(client: Redis): Promise<void> {
  // Errors also arrive as 'error' events while ioredis reconnects; commands report them instead.
  client.on('error', () => undefined);
  await client.connect().catch(() => {
    // ioredis keeps reconnecting in the background; until then commands fail fast.
  });
}

/** Sends QUIT (bounded) and then drops the socket, so close() never hangs on a dead node. */
export async function closeClient(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), sleep(timeoutMs)]);
  }
  client.disconnect();
}

/**
 * Independent Redis nodes, one fail-fast client each. Every lock operation is a broadcast:
 * the same command goes to all nodes at once and each node gets at most `nodeTimeoutMs`.
 */
export class RedisNodes {
  /** Number of nodes. */
  readonly size: number;
  /** Votes needed for any decision: a strict majority. */
  readonly quorum: number;
  private readonly clients: Redis[];
  private readonly ready: Promise<unknown>;

  constructor(
    addresses: readonly string[],
    private readonly options: RedisNodeOptions,
  ) {
    this.clients = addresses.map(
      (address) =>
        new Redis({
          ...failFastOptions(address, options),
          commandTimeout: options.nodeTimeoutMs,
          // No auto-pipelining: it defers every command to the next turn of the event loop
          // and builds a pipeline object per batch, which cost the single-node lock half its
          // uncontended throughput and added a wake-up to every cross-process hand-off.
        }),
    );
    this.size = this.clients.length;
    this.quorum = Math.floor(this.size / 2) + 1;
    this.ready = Promise.all(this.clients.map(connectQuietly));
  }

  /** Resolves once every node connected or failed to; commands sent before that would fail. */
  connected(): Promise<unknown> {
    return this.ready;
  }

  /**
   * Sends `command` to every node in parallel and resolves with the replies received, once
   * all nodes answered or failed, or as soon as `decided` says the outcome cannot change
   * (so a hung minority does not slow a decided operation). Never rejects.
   */
  broadcast<T>(
    command: (client: Redis) => Promise<T>,
    decided?: (replies: readonly NodeReply<T>[]) => boolean,
  ): Promise<NodeReply<T>[]> {
    return new Promise((resolve) => {
      const replies: NodeReply<T>[] = [];
      let settled = false;
      const record = (reply: NodeReply<T>) => {
        if (settled) return;
        replies.push(reply);
        if (replies.length === this.size || decided?.(replies)) {
          settled = true;
          resolve(replies);
        }
      };
      for (const client of this.clients) {
        let pending: Promise<T>;
        try {
          pending = command(client);
        } catch (error) {
          pending = Promise.reject(error);
        }
        pending.then(
          (value) => record({ ok: true, value }),
          (error: unknown) => record({ ok: false, error }),
        );
      }
    });
  }

  /** Closes every client. */
  async close(): Promise<void> {
    await this.ready;
    await Promise.all(this.clients.map((c) => closeClient(c, this.options.connectTimeoutMs)));
  }
}
