import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Topics } from '@lockstep/contracts';
import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { deleteGroups, positionGroupsAtEnd, testKafka } from './kafka-groups.ts';
import { ReplicaProcess, repoRoot, type ServiceName } from './replica-process.ts';
import { createRunDatabase, dropRunDatabase, type RunDatabase } from './run-databases.ts';
import { newRunId } from './run-names.ts';

/** The saga's services in start order (none needs another to start). */
export const sagaServices: readonly ServiceName[] = ['inventory', 'payment', 'delivery-assignment'];

/** The topic each service consumes, where its run-unique group is positioned before start. */
const consumedTopic: Record<ServiceName, string> = {
  inventory: Topics.paymentResults,
  payment: Topics.paymentRequests,
  'delivery-assignment': Topics.orders,
};

/** What a scenario may change. */
export interface SagaDeploymentOptions {
  /** Names the log folder `.lockstep/e2e-logs/<scenario>-<runId>/`. */
  scenario: string;
  /** Replicas per service; default 2, so every lock has a real competitor. */
  replicas?: number;
  /** Extra environment per service, over the defaults below. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** OTLP/HTTP receiver every replica sends its spans to; unset, spans stay in the process. */
  otlpEndpoint?: string;
}

/**
 * The order saga on the local stack for one test run: for each service its own database
 * (`lockstep_e2e_<runId>_<service>`), its own consumer group shared by its replicas and
 * positioned at the end of the topic it reads, and N replicas as child processes on ports
 * chosen here. Short TTLs, sessions and poll intervals, so expiry and takeover happen within a
 * test. Every name is unique to the run: topics, ZooKeeper and Redis are shared with others.
 */
export class SagaDeployment {
  private readonly replicas = new Map<ServiceName, ReplicaProcess[]>();
  private readonly pools = new Map<ServiceName, pg.Pool>();
  private spawned = 0;

  private constructor(
    /** Unique to this run; part of every database, group and election name. */
    readonly runId: string,
    /** Where every replica's log is written. */
    readonly logDir: string,
    private readonly databases: ReadonlyMap<ServiceName, RunDatabase>,
    private readonly options: SagaDeploymentOptions,
  ) {}

  /** Creates the databases and groups, starts every replica and waits until all are ready. */
  static async start(options: SagaDeploymentOptions): Promise<SagaDeployment> {
    const started = Date.now();
    const runId = newRunId();
    const logDir = join(repoRoot, '.lockstep', 'e2e-logs', `${options.scenario}-${runId}`);
    mkdirSync(logDir, { recursive: true });
    const databases = new Map<ServiceName, RunDatabase>();
    for (const service of sagaServices) {
      databases.set(service, await createRunDatabase(runId, service));
    }
    const deployment = new SagaDeployment(runId, logDir, databases, options);
    try {
      const kafka = testKafka(`saga-e2e-${runId}`);
      await positionGroupsAtEnd(
        kafka,
        sagaServices.map((service) => ({
          groupId: deployment.groupId(service),
          topic: consumedTopic[service],
        })),
      );
      const starting: ReplicaProcess[] = [];
      for (const service of sagaServices) {
        const list: ReplicaProcess[] = [];
        for (let i = 0; i < (options.replicas ?? 2); i++)
          list.push(await deployment.spawn(service));
        deployment.replicas.set(service, list);
        starting.push(...list);
      }
      await Promise.all(starting.map((replica) => replica.waitReady()));
    } catch (error) {
      await deployment.stop();
      throw error;
    }
    console.log(
      `[saga-e2e] ${options.scenario}: ${sagaServices.length} services x ${options.replicas ?? 2} replicas ready in ${Date.now() - started} ms; logs in ${logDir}`,
    );
    return deployment;
  }

  /** The base URLs of a service's live replicas. */
  urls(service: ServiceName): string[] {
    return this.list(service)
      .filter((replica) => replica.alive)
      .map((replica) => replica.url);
  }

  /** Every live replica of every service. */
  allReplicas(): ReplicaProcess[] {
    return sagaServices.flatMap((service) => this.list(service).filter((r) => r.alive));
  }

  /** The `index`-th replica of a service. */
  replica(service: ServiceName, index: number): ReplicaProcess {
    const replica = this.list(service)[index];
    if (replica === undefined) throw new Error(`no ${service} replica #${index}`);
    return replica;
  }

  /** The instance id a replica reports as its Postgres application_name suffix. */
  instanceId(replica: ReplicaProcess): string {
    return `${replica.spec.name}-${this.runId}`;
  }

  /** The consumer group a service's replicas share. */
  groupId(service: ServiceName): string {
    return `saga-e2e-${this.runId}-${service}`;
  }

  /** A small pool on a service's database, for what HTTP does not show (pg_stat_activity). */
  pool(service: ServiceName): pg.Pool {
    let pool = this.pools.get(service);
    if (pool === undefined) {
      pool = new pg.Pool({ connectionString: this.database(service).url, max: 3 });
      this.pools.set(service, pool);
    }
    return pool;
  }

  /** A service's database. */
  database(service: ServiceName): RunDatabase {
    const database = this.databases.get(service);
    if (database === undefined) throw new Error(`no database for ${service}`);
    return database;
  }

  /**
   * Replaces the `index`-th replica of a service (normally one a test killed) with a new
   * process under a new name and port, in the same group and database, and waits until ready.
   */
  async replace(service: ServiceName, index: number): Promise<ReplicaProcess> {
    const list = this.list(service);
    const old = list[index];
    if (old?.alive) await old.stop();
    const replacement = await this.spawn(service);
    list[index] = replacement;
    await replacement.waitReady();
    return replacement;
  }

  /** Stops every replica gracefully, then deletes the run's groups and drops its databases. */
  async stop(): Promise<void> {
    const all = [...this.replicas.values()].flat();
    await Promise.all(all.map((replica) => replica.stop()));
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
    await deleteGroups(
      testKafka(`saga-e2e-${this.runId}-teardown`),
      sagaServices.map((service) => this.groupId(service)),
    );
    for (const database of this.databases.values()) await dropRunDatabase(database);
  }

  private list(service: ServiceName): ReplicaProcess[] {
    const list = this.replicas.get(service);
    if (list === undefined) throw new Error(`${service} is not deployed`);
    return list;
  }

  private async spawn(service: ServiceName): Promise<ReplicaProcess> {
    this.spawned += 1;
    const name = `${service}-${String.fromCharCode(96 + this.spawned)}`;
    const port = await freePort();
    const env = {
      ...this.commonEnv(service),
      ...serviceDefaults(service, this.runId),
      ...this.options.env?.[service],
      PORT: String(port),
      INSTANCE_ID: `${name}-${this.runId}`,
    };
    return ReplicaProcess.spawn({ service, name, port, env, logDir: this.logDir });
  }

  private commonEnv(service: ServiceName): Record<string, string> {
    return {
      DATABASE_URL: this.database(service).url,
      KAFKA_BROKERS: localTopology().kafka,
      KAFKA_GROUP_ID: this.groupId(service),
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '10000',
      ...(this.options.otlpEndpoint === undefined
        ? {}
        : { OTEL_EXPORTER_OTLP_ENDPOINT: this.options.otlpEndpoint }),
      // No new trace is started here: only a request that arrives with a sampled traceparent
      // is traced (and everything it causes, through Kafka). The flash sale then costs no
      // span exports, and a traced scenario knows its trace id before it sends the request.
      TRACE_SAMPLE_RATIO: '0',
    };
  }
}

/**
 * Each service's settings for a test run: the local stack, and short timeouts so expiry and
 * takeover fit in a test. Chosen together: payment's Kafka session (10 s) stays above its
 * wallet lock wait plus the largest gateway latency a test sets (3 s + 3 s), as its config asks.
 */
function serviceDefaults(service: ServiceName, runId: string): Record<string, string> {
  const topology = localTopology();
  switch (service) {
    case 'inventory':
      return {
        ZOOKEEPER_CONNECT: topology.zookeeper,
        ZOOKEEPER_SESSION_TIMEOUT_MS: '4000',
        // Shared ZooKeeper: a run's sweepers must only elect among themselves.
        SWEEPER_ELECTION: `saga-e2e-${runId}-sweeper`,
        RESERVATION_TTL_MS: '30000',
        SWEEP_INTERVAL_MS: '1000',
        STALE_HOLD_GRACE_MS: '10000',
        OUTBOX_POLL_INTERVAL_MS: '100',
        KAFKA_FROM_BEGINNING: 'false',
      };
    case 'payment':
      return {
        REDIS_NODES: topology.redis.join(','),
        // Shared topics: requests of other runs name wallets that live in other databases.
        UNKNOWN_WALLET_POLICY: 'ignore',
        WALLET_LOCK_TTL_MS: '2000',
        WALLET_LOCK_WAIT_MS: '3000',
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        GATEWAY_LATENCY_MS: '20',
        OUTBOX_POLL_INTERVAL_MS: '50',
      };
    case 'delivery-assignment':
      return {
        RETRY_INTERVAL_MS: '500',
        RETRY_BASE_DELAY_MS: '500',
        RETRY_MAX_DELAY_MS: '5000',
        OUTBOX_POLL_INTERVAL_MS: '100',
        KAFKA_FROM_BEGINNING: 'false',
      };
  }
}
