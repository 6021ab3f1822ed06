import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { localAdminToken } from '../admin-token.js';
import { localTopology } from '../topology.js';
import {
  deleteGroups,
  fleetKafka,
  positionGroupsAtEnd,
  waitForGroupsStable,
} from './consumer-groups.js';
import { type FleetManifest, removeFleetManifest, writeFleetManifest } from './fleet-manifest.js';
import { consumedTopic, type FleetService, fleetServices } from './fleet-service.js';
import { freePort } from './free-port.js';
import { otlpEndpointFor } from './otlp-endpoint.js';
import { ReplicaProcess, repoRoot } from './replica-process.js';
import { createRunDatabase, dropRunDatabase, type RunDatabase } from './run-database.js';
import { newRunId } from './run-id.js';
import { removeStaleScrapeTargets, ScrapeTargets, scrapeTargetsDir } from './scrape-targets.js';
import { serviceEnv } from './service-env.js';

/** What a caller may choose about a fleet. */
export interface FleetOptions {
  /** Names the log folder `<logRoot>/<scenario>-<runId>/`. */
  scenario: string;
  /** The services to start (default all four). */
  services?: readonly FleetService[];
  /** Replicas per service; default 2, so every lock has a real competitor. */
  replicas?: number;
  /** Extra environment per service, over the fleet's defaults. */
  env?: Partial<Record<FleetService, Record<string, string>>>;
  /** Starts every database, group and election name (default `fleet`). */
  namePrefix?: string;
  /** Where log folders go (default `<repo>/.lockstep/fleet-logs`). */
  logRoot?: string;
  /**
   * Preload @lockstep/telemetry/register so the services' auto-instrumentation sees every
   * module (default true). Spans go where {@link Fleet.otlpEndpoint} says.
   */
  telemetry?: boolean;
  /** Run replicas from TypeScript sources (default) or built JavaScript; see ReplicaSpec.code. */
  code?: 'source' | 'built';
  /**
   * The environment OTEL_EXPORTER_OTLP_ENDPOINT is taken from (default process.env); unset
   * there, replicas export to the local Jaeger when it answers (see otlp-endpoint.ts).
   */
  callerEnv?: NodeJS.ProcessEnv;
  /**
   * Where the run's Prometheus file_sd files go (default the native Prometheus's,
   * `.lockstep/run/prometheus/targets`); see scrape-targets.ts.
   */
  scrapeTargetsDir?: string;
  /** How long a replica may take to answer /readyz (default 150 s: tsx compiles each service on start, slow on a busy machine). */
  readyTimeoutMs?: number;
  /** How long a replica gets after SIGTERM before SIGKILL (default 15 s). */
  stopGraceMs?: number;
  /** Told what the fleet is doing while it starts and stops (default: silent). */
  onProgress?: (message: string) => void;
}

/** The base URLs of every live replica, per service. */
export type FleetTargets = Record<FleetService, string[]>;

/**
 * N replicas of each service on the local stack, as child processes: per service its own
 * database (`lockstep_<prefix>_<runId>_<service>`), its own consumer group shared by its
 * replicas and positioned at the end of the topic it reads, and election and semaphore names
 * unique to the run. Everything is unique to the run because the servers are shared. While
 * ready, it is described by a manifest under `.lockstep/run/fleets/` (see FleetManifest).
 */
export class Fleet {
  private readonly replicas = new Map<FleetService, ReplicaProcess[]>();
  private readonly pools = new Map<FleetService, pg.Pool>();
  /** Replicas that answered /readyz: the ones Prometheus is told to scrape while they live. */
  private readonly scraped = new Set<ReplicaProcess>();
  private readonly scrapeTargets: ScrapeTargets;
  private spawned = 0;
  private readonly startedAt = new Date().toISOString();

  private constructor(
    /** Unique to this run; part of every database, group and election name. */
    readonly runId: string,
    /** Where every replica's log is written. */
    readonly logDir: string,
    /** The services this fleet runs. */
    readonly services: readonly FleetService[],
    /** Where its replicas send spans (OTEL_EXPORTER_OTLP_ENDPOINT); undefined: nowhere. */
    readonly otlpEndpoint: string | undefined,
    private readonly databases: ReadonlyMap<FleetService, RunDatabase>,
    private readonly options: FleetOptions,
  ) {
    const dir = options.scrapeTargetsDir ?? scrapeTargetsDir();
    removeStaleScrapeTargets(dir);
    this.scrapeTargets = new ScrapeTargets(dir, runId);
  }

  /** Creates the databases and groups, starts every replica and waits until all are ready. */
  static async start(options: FleetOptions): Promise<Fleet> {
    const started = Date.now();
    const progress = options.onProgress ?? (() => {});
    const services = options.services ?? fleetServices;
    const count = options.replicas ?? 2;
    const runId = newRunId();
    const logDir = join(
      options.logRoot ?? join(repoRoot, '.lockstep', 'fleet-logs'),
      `${options.scenario}-${runId}`,
    );
    mkdirSync(logDir, { recursive: true });
    const databases = new Map<FleetService, RunDatabase>();
    const otlpEndpoint = await otlpEndpointFor(options.callerEnv ?? process.env, localTopology());
    const fleet = new Fleet(runId, logDir, services, otlpEndpoint, databases, options);
    try {
      progress(`creating ${services.length} databases and consumer groups (run ${runId})`);
      for (const service of services) {
        databases.set(
          service,
          await createRunDatabase(options.namePrefix ?? 'fleet', runId, service),
        );
      }
      await positionGroupsAtEnd(
        fleetKafka(`${fleet.namePrefix}-${runId}`),
        services.map((service) => ({
          groupId: fleet.groupId(service),
          topic: consumedTopic[service],
        })),
      );
      progress(`starting ${services.length} services x ${count} replicas; logs in ${logDir}`);
      progress(`spans go to ${otlpEndpoint ?? 'no collector (none was set, none answers)'}`);
      const starting: ReplicaProcess[] = [];
      for (const service of services) {
        const list: ReplicaProcess[] = [];
        for (let i = 0; i < count; i++) list.push(await fleet.spawn(service));
        fleet.replicas.set(service, list);
        starting.push(...list);
      }
      await Promise.all(
        starting.map(async (replica) => {
          await replica.waitReady(options.readyTimeoutMs);
          fleet.scrape(replica);
          progress(`${replica.spec.name} ready at ${replica.url}`);
        }),
      );
      await waitForGroupsStable(
        fleetKafka(`${fleet.namePrefix}-${runId}-groups`),
        services.map((service) => fleet.groupId(service)),
        count,
      );
      progress('every consumer group has all its replicas');
      writeFleetManifest(fleet.manifest());
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    progress(`fleet ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return fleet;
  }

  /** The base URLs of a service's live replicas. */
  urls(service: FleetService): string[] {
    return this.list(service)
      .filter((replica) => replica.alive)
      .map((replica) => replica.url);
  }

  /** The base URLs of every service's live replicas, e.g. for a load generator. */
  targets(): FleetTargets {
    const targets: FleetTargets = {
      inventory: [],
      payment: [],
      'delivery-assignment': [],
      booking: [],
    };
    for (const service of this.services) targets[service] = this.urls(service);
    return targets;
  }

  /** Every live replica of every service. */
  allReplicas(): ReplicaProcess[] {
    return this.services.flatMap((service) => this.list(service).filter((r) => r.alive));
  }

  /** The `index`-th replica of a service. */
  replica(service: FleetService, index: number): ReplicaProcess {
    const replica = this.list(service)[index];
    if (replica === undefined) throw new Error(`no ${service} replica #${index}`);
    return replica;
  }

  /** The instance id a replica was given (INSTANCE_ID). */
  instanceId(replica: ReplicaProcess): string {
    return `${replica.spec.name}-${this.runId}`;
  }

  /** The consumer group a service's replicas share. */
  groupId(service: FleetService): string {
    return `${this.namePrefix}-${this.runId}-${service}`;
  }

  /** A service's database, for what HTTP does not show. */
  database(service: FleetService): RunDatabase {
    const database = this.databases.get(service);
    if (database === undefined) throw new Error(`no database for ${service}`);
    return database;
  }

  /** A small pool on a service's database, for what HTTP does not show; closed by stop(). */
  pool(service: FleetService): pg.Pool {
    let pool = this.pools.get(service);
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: this.database(service).url, max: 3 });
      this.pools.set(service, pool);
    }
    return pool;
  }

  /**
   * Replaces the `index`-th replica of a service (normally one a test killed) with a new
   * process under a new name and port, in the same group and database, and waits until ready.
   */
  async replace(service: FleetService, index: number): Promise<ReplicaProcess> {
    const list = this.list(service);
    const old = list[index];
    if (old?.alive) await old.stop(this.options.stopGraceMs);
    const replacement = await this.spawn(service);
    list[index] = replacement;
    await replacement.waitReady(this.options.readyTimeoutMs);
    this.scrape(replacement);
    writeFleetManifest(this.manifest());
    return replacement;
  }

  /**
   * Stops every replica (SIGTERM, SIGKILL after the grace period), then removes the run's
   * scrape targets, deletes its groups and drops its databases. Safe to call twice.
   */
  async stop(): Promise<void> {
    const progress = this.options.onProgress ?? (() => {});
    // First, so nothing finds a fleet that is going away.
    removeFleetManifest(this.runId);
    const all = [...this.replicas.values()].flat();
    if (all.some((replica) => replica.alive)) progress(`stopping ${all.length} replicas`);
    await Promise.all(all.map((replica) => replica.stop(this.options.stopGraceMs)));
    this.scrapeTargets.removeAll();
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
    if (this.databases.size > 0) {
      await deleteGroups(
        fleetKafka(`${this.namePrefix}-${this.runId}-teardown`),
        [...this.databases.keys()].map((service) => this.groupId(service)),
      );
    }
    for (const database of this.databases.values()) await dropRunDatabase(database);
    (this.databases as Map<FleetService, RunDatabase>).clear();
  }

  /** What this fleet runs, as `npm run audit` and other tools outside it read it. */
  manifest(): FleetManifest {
    const services: FleetManifest['services'] = {};
    for (const [service, list] of this.replicas) {
      services[service] = {
        database: this.database(service).name,
        replicas: list
          .filter((replica) => replica.alive)
          .map((replica) => ({ name: replica.spec.name, url: replica.url, pid: replica.pid })),
      };
    }
    return {
      runId: this.runId,
      scenario: this.options.scenario,
      ownerPid: process.pid,
      startedAt: this.startedAt,
      logDir: this.logDir,
      services,
    };
  }

  private get namePrefix(): string {
    return this.options.namePrefix ?? 'fleet';
  }

  /** Lists a ready replica for Prometheus until it exits, however it exits. */
  private scrape(replica: ReplicaProcess): void {
    this.scraped.add(replica);
    this.publishTargets(replica.spec.service);
    void replica.exited.then(() => this.publishTargets(replica.spec.service));
  }

  private publishTargets(service: FleetService): void {
    const live = this.list(service).filter((r) => r.alive && this.scraped.has(r));
    try {
      this.scrapeTargets.publish(
        service,
        live.map((r) => ({ replica: r.spec.name, address: `127.0.0.1:${r.spec.port}` })),
      );
    } catch (error) {
      // Scraping is a view on the run, never a reason to fail it (a full disk, a removed dir).
      this.options.onProgress?.(`could not update Prometheus targets of ${service}: ${error}`);
    }
  }

  private list(service: FleetService): ReplicaProcess[] {
    const list = this.replicas.get(service);
    if (list === undefined) throw new Error(`${service} is not deployed`);
    return list;
  }

  private async spawn(service: FleetService): Promise<ReplicaProcess> {
    this.spawned += 1;
    const name = `${service}-${replicaLetter(this.spawned)}`;
    const port = await freePort();
    const env = {
      DATABASE_URL: this.database(service).url,
      KAFKA_BROKERS: localTopology().kafka,
      KAFKA_GROUP_ID: this.groupId(service),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '10000',
      ADMIN_TOKEN: localAdminToken(),
      ...(this.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: this.otlpEndpoint } : {}),
      ...serviceEnv(service, localTopology(), {
        groupId: this.groupId(service),
        coordinationPrefix: `${this.namePrefix}-${this.runId}-${service}`,
      }),
      ...this.options.env?.[service],
      PORT: String(port),
      INSTANCE_ID: `${name}-${this.runId}`,
    };
    return ReplicaProcess.spawn({
      service,
      name,
      port,
      env,
      logDir: this.logDir,
      telemetry: this.options.telemetry ?? true,
      code: this.options.code ?? 'source',
    });
  }
}

/** a, b, ..., z, then aa, ab, ...: short replica names that sort in spawn order. */
function replicaLetter(n: number): string {
  let name = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) {
    name = String.fromCharCode(97 + ((k - 1) % 26)) + name;
  }
  return name;
}
