import pg from 'pg';
import { type EventLogger, silentLogger } from '../logger.js';
import { outboxChannel } from './outbox-migration.js';

/** How long a broken listening connection waits before it reconnects, at most. */
const maxReconnectDelayMs = 5_000;

/**
 * The session advisory lock the relay of one database holds while it relays (advisory locks
 * are per database, so each service's relays elect their own leader).
 */
const leaderLockSql = "SELECT pg_try_advisory_lock(hashtext('lockstep_outbox_relay')) AS leading";

/**
 * Holds one connection that LISTENs on the outbox channel and calls `onCommit` for every
 * notification: some transaction just committed outbox rows (see outboxNotifyMigrationSql).
 * It has its own client, built from the pool's settings, so it never takes a pooled
 * connection from the work it wakes. A broken connection is replaced with backoff; while it is
 * down the relay's poll is the safety net, and after reconnecting `onCommit` runs once, since
 * commits made in between were not heard.
 *
 * With `lead`, the same connection also competes for the relay's advisory lock, so that one
 * replica of a service relays at a time (`leading`). The lock lives with the session: when the
 * leader's process dies or its connection breaks, Postgres releases it and another replica's
 * `tryLead` takes it.
 */
export class OutboxListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | undefined;
  private leadingOn: pg.Client | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly onCommit: () => void,
    private readonly logger: EventLogger = silentLogger,
    private readonly lead = false,
  ) {}

  /** True while this listener's connection holds the relay's advisory lock. */
  get leading(): boolean {
    return this.leadingOn !== undefined && this.leadingOn === this.client;
  }

  /**
   * Tries once to take the relay's advisory lock (a no-op when already leading, not competing
   * or not connected); true when this listener leads afterwards. Never throws: a failure
   * breaks the connection, which reconnects as usual.
   */
  async tryLead(): Promise<boolean> {
    const client = this.client;
    if (!this.lead || client === undefined || this.leading) return this.leading;
    try {
      await this.takeLock(client);
    } catch (error) {
      this.broken(client, error);
    }
    return this.leading;
  }

  private async takeLock(client: pg.Client): Promise<void> {
    const { rows } = await client.query<{ leading: boolean }>(leaderLockSql);
    if (rows[0]?.leading !== true) return;
    this.leadingOn = client;
    this.logger.info({}, 'outbox relay: this replica relays for the database now');
  }

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
    this.leadingOn = undefined;
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
      if (this.lead) await this.takeLock(client);
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
    if (this.leadingOn === client) {
      // The lock went with the session; another replica may take it already.
      this.leadingOn = undefined;
      this.logger.warn({}, 'outbox relay: leadership lost with the listening connection');
    }
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
