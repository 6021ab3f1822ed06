import pg from 'pg';
import type { Logger } from 'pino';
import type { Component } from '../lifecycle/component.js';
import { ensureDatabaseExists } from './ensure-database-exists.js';
import { runMigrations } from './run-migrations.js';

/** Options for {@link createDatabase}. */
export interface DatabaseOptions {
  /** postgres:// URL of the service's own database. */
  url: string;
  /** The service's root logger; the database logs as `component: postgres`. */
  logger: Logger;
  /** Folder of migrations applied at start; omit to skip migrating. */
  migrationsDir?: string;
  /** Create the database at start when missing (demo and tests; production provisions it). */
  createIfMissing?: boolean;
  /** Most connections the pool opens; default 10. */
  maxConnections?: number;
  /** Shown in `pg_stat_activity`, so a DBA can tell replicas apart. */
  applicationName?: string;
}

/**
 * A service's Postgres database as a runtime component: start creates it if allowed and
 * applies migrations before anything else may query; `ready` is `SELECT 1`; stop ends the
 * pool after the entry points (stopped earlier) have finished their queries.
 */
export class Database implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'postgres';
  /** The connection pool; pass it to queries and {@link withTransaction}. */
  readonly pool: pg.Pool;
  private readonly log: Logger;

  constructor(private readonly options: DatabaseOptions) {
    this.log = options.logger.child({ component: 'postgres' });
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName,
      // pg closes a connection idle for 10 s by default, so every lull cost a new connection,
      // and a SCRAM handshake (thousands of hash rounds on both ends) on the first requests
      // after it. The pool is bounded by `max`; its connections stay open until stop().
      idleTimeoutMillis: 0,
    });
    // An idle client whose connection drops (server restart, failover) is reported here.
    // Without a listener the 'error' event would crash the process; the pool already
    // discards the client and the next query opens a new connection.
    this.pool.on('error', (error) => this.log.warn({ err: error }, 'idle connection lost'));
  }

  /** Creates the database if allowed, then migrates. */
  async start(): Promise<void> {
    if (this.options.createIfMissing && (await ensureDatabaseExists(this.options.url))) {
      this.log.info('database created');
    }
    if (this.options.migrationsDir) await this.migrate();
    await this.warm();
  }

  /** Applies pending migrations (advisory-locked, so concurrent replicas are safe). */
  async migrate(): Promise<string[]> {
    if (!this.options.migrationsDir) throw new Error('postgres: no migrationsDir configured');
    const applied = await runMigrations({
      url: this.options.url,
      dir: this.options.migrationsDir,
      logger: this.log,
    });
    this.log.info({ applied }, applied.length ? 'migrations applied' : 'schema up to date');
    return applied;
  }

  /**
   * Opens a few connections before the first request needs them, so no request pays for a
   * connection handshake; the pool grows from there up to `max` as load asks.
   */
  private async warm(): Promise<void> {
    const count = Math.min(this.pool.options.max ?? warmConnections, warmConnections);
    const clients = await Promise.all(Array.from({ length: count }, () => this.pool.connect()));
    for (const client of clients) client.release();
  }

  /** Readiness probe: one round trip through the pool. */
  async ready(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Closes the pool; waits for checked-out clients to be released. */
  async stop(): Promise<void> {
    await this.pool.end();
  }
}

/** Connections opened at start; a replica's HTTP, consumer and relay work each need one. */
const warmConnections = 4;

/** The service's database: `runtime.add(createDatabase({ url, logger, migrationsDir }))`. */
export function createDatabase(options: DatabaseOptions): Database {
  return new Database(options);
}
