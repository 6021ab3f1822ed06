import pg from 'pg';
import { type EventLogger, silentLogger } from '../logger.js';
import { outboxChannel } from './outbox-migration.js';

/** How long a broken listening connection waits before it reconnects, at most. */
const maxReconnectDelayMs = 5_000;

/**
 * Holds one connection that LISTENs on the outbox channel and calls `onCommit` for every
 * notification: some transaction just committed outbox rows (see outboxNotifyMigrationSql).
 * It has its own client, built from the pool's settings, so it never takes a pooled
 * connection from the work it wakes. A broken connection is replaced with backoff; while it is
 * down the relay's poll is the safety net, and after reconnecting `onCommit` runs once, since
 * commits made in between were not heard.
 */
export class OutboxListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onCommit: () => void,
    private readonly logger: EventLogger = silentLogger,
  ) {}

  /** Connects and listens; a failure is logged and retried in the background, never thrown. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  /** Stops listening and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    // The connection is being discarded; a failed goodbye changes nothing.
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.pool.options);
    client.on('notification', (message) => {
      if (message.channel === outboxChannel) this.onCommit();
    });
    client.on('error', (error) => this.broken(client, error));
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel}`);
    } catch (error) {
      this.broken(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    if (this.failures > 0) this.onCommit();
    this.failures = 0;
  }

  private broken(client: pg.Client, error: unknown): void {
    if (this.client === client) this.client = undefined;
    // Ending a connection that already failed can only fail again; it is discarded either way.
    client.end().catch(() => {});
    if (this.stopped) return;
    this.failures += 1;
    const delay = Math.min(maxReconnectDelayMs, 100 * 2 ** this.failures);
    this.logger.warn(
      { err: error, retryInMs: delay },
      'outbox listener: connection lost; polling until it is back',
    );
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), delay);
  }
}
