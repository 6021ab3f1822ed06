/**
 * Static checks of docker-compose.yml. They need no Docker engine: the file is parsed with
 * `yaml` and compared with infra/ports.env, so the compose stack and the native stack cannot
 * drift apart. The last tests run compose-check.sh, which loads the file with compose-go (the
 * loader of `docker compose` v2), on this file and on broken ones.
 */
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { portDefaults } from '../src/topology.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const composeText = readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8');
const defaults = portDefaults();

/**
 * Every server of the topology, with the ports.env key and container port of each port it
 * publishes. Container ports are the images' standard ones.
 */
const expectedPorts: Record<string, Array<{ key: string; target: number }>> = {
  'redis-1': [{ key: 'LOCKSTEP_REDIS1_PORT', target: 6379 }],
  'redis-2': [{ key: 'LOCKSTEP_REDIS2_PORT', target: 6379 }],
  'redis-3': [{ key: 'LOCKSTEP_REDIS3_PORT', target: 6379 }],
  zookeeper: [{ key: 'LOCKSTEP_ZOOKEEPER_PORT', target: 2181 }],
  etcd: [{ key: 'LOCKSTEP_ETCD_PORT', target: 2379 }],
  kafka: [{ key: 'LOCKSTEP_KAFKA_PORT', target: 9092 }],
  postgres: [{ key: 'LOCKSTEP_POSTGRES_PORT', target: 5432 }],
  jaeger: [
    { key: 'LOCKSTEP_OTLP_GRPC_PORT', target: 4317 },
    { key: 'LOCKSTEP_OTLP_HTTP_PORT', target: 4318 },
    { key: 'LOCKSTEP_JAEGER_UI_PORT', target: 16686 },
    { key: 'LOCKSTEP_SPANMETRICS_PORT', target: 8889 },
  ],
  prometheus: [{ key: 'LOCKSTEP_PROMETHEUS_PORT', target: 9090 }],
  grafana: [{ key: 'LOCKSTEP_GRAFANA_PORT', target: 3000 }],
};
const serverNames = Object.keys(expectedPorts);

type YamlMap = Record<string, unknown>;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asMap(value: unknown, what: string): YamlMap {
  if (!isMap(value)) throw new Error(`docker-compose.yml: ${what} is not a mapping`);
  return value;
}

// merge: the lockstep services share settings through `<<: *anchor` keys, as compose reads them.
const compose = asMap(parse(composeText, { merge: true }), 'the document');
const services = asMap(compose.services, 'services');

function service(name: string): YamlMap {
  return asMap(services[name], `service ${name}`);
}

/** A published port written the way the brief asks: "${KEY:-default}:container-port". */
const portPattern = /^\$\{([A-Z0-9_]+):-(\d+)\}:(\d+)$/;

interface PublishedPort {
  key: string;
  hostDefault: string;
  target: number;
}

/** `${KEY:-default}` with the default ports.env gives KEY, as compose interpolation is written. */
function withDefault(key: string): string {
  return `\${${key}:-${defaults[key]}}`;
}

function publishedPorts(name: string): PublishedPort[] {
  const ports = service(name).ports ?? [];
  if (!Array.isArray(ports)) throw new Error(`${name}: ports is not a list`);
  return ports.map((entry: unknown) => {
    const match = typeof entry === 'string' ? portPattern.exec(entry) : null;
    if (!match) {
      throw new Error(
        `${name}: port ${JSON.stringify(entry)} is not written "\${LOCKSTEP_..._PORT:-NNNN}:NNNN"`,
      );
    }
    const [, key = '', hostDefault = '', target = ''] = match;
    return { key, hostDefault, target: Number(target) };
  });
}

const composeCheck = join(repoRoot, 'infra', 'local', 'bin', 'compose-check.sh');
const composeCheckTool = join(
  process.env.LOCKSTEP_HOME ?? join(repoRoot, '.lockstep'),
  'tools',
  'compose-check',
);

interface ComposeCheckRun {
  status: number;
  output: string;
}

/**
 * Runs compose-check.sh on a file (docker-compose.yml when none). The validator must be built
 * already: a cold build can take longer than a test may.
 */
function runComposeCheck(...args: string[]): ComposeCheckRun {
  try {
    accessSync(composeCheckTool, constants.X_OK);
  } catch {
    throw new Error(
      `${composeCheckTool} is missing: run \`npm run compose:check\` (or npm run infra:install), which builds it, then rerun this test`,
    );
  }
  try {
    const output = execFileSync('bash', [composeCheck, ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number | null; stdout?: string; stderr?: string };
    return { status: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Compose files with one mistake each, and the name the report must point at. */
const brokenFiles: Array<{ mistake: string; yaml: string; culprit: string }> = [
  {
    mistake: 'depends_on names a missing service',
    yaml: 'services:\n  web:\n    image: nginx\n    depends_on:\n      no-such-db:\n        condition: service_healthy\n',
    culprit: 'no-such-db',
  },
  {
    mistake: 'a service has an unknown key',
    yaml: 'services:\n  web:\n    image: nginx\n    restrat: always\n',
    culprit: 'restrat',
  },
  {
    mistake: 'a service mounts an undefined named volume',
    yaml: 'services:\n  web:\n    image: nginx\n    volumes: ["no-such-volume:/data"]\n',
    culprit: 'no-such-volume',
  },
  {
    mistake: 'a port interpolation is not closed',
    yaml: 'services:\n  web:\n    image: nginx\n    ports: ["${WEB_PORT:-8080:80"]\n',
    culprit: 'WEB_PORT',
  },
];

describe('docker-compose.yml', () => {
  it('compose: every server of the local topology is a service', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(serverNames));
  });

  it('compose: every server has a health check that runs a command', () => {
    for (const name of serverNames) {
      const healthcheck = asMap(service(name).healthcheck, `${name}.healthcheck`);
      expect(healthcheck.disable, `${name}: health check disabled`).not.toBe(true);
      const test = healthcheck.test;
      expect(Array.isArray(test), `${name}: healthcheck.test is not a list`).toBe(true);
      const [kind, ...command] = test as unknown[];
      expect(['CMD', 'CMD-SHELL'], `${name}: healthcheck.test starts with ${kind}`).toContain(kind);
      expect(command.length, `${name}: healthcheck.test has no command`).toBeGreaterThan(0);
    }
  });

  it('compose: every server restarts unless it was stopped', () => {
    for (const name of serverNames) {
      expect(service(name).restart, `${name}.restart`).toBe('unless-stopped');
    }
  });

  it('compose: every server has a memory limit', () => {
    for (const name of serverNames) {
      // mem_limit, because docker-compose v1 ignores deploy.resources without --compatibility.
      expect(String(service(name).mem_limit), `${name}.mem_limit`).toMatch(/^\d+(\.\d+)?[kmg]$/i);
    }
  });

  it('compose: every server publishes the port ports.env gives it', () => {
    for (const name of serverNames) {
      const expected = (expectedPorts[name] ?? []).map(({ key, target }) => ({
        key,
        hostDefault: defaults[key],
        target,
      }));
      expect(publishedPorts(name), `${name}: published ports`).toEqual(expected);
    }
  });

  it('compose: every published port uses a ports.env key and its default', () => {
    for (const name of Object.keys(services)) {
      for (const { key, hostDefault } of publishedPorts(name)) {
        expect(Object.keys(defaults), `${name}: ${key} is not in ports.env`).toContain(key);
        expect(hostDefault, `${name}: default of ${key}`).toBe(defaults[key]);
      }
    }
  });

  it('compose: every LOCKSTEP_* default written in the file is the one ports.env gives', () => {
    const uses = [...composeText.matchAll(/\$\{(LOCKSTEP_[A-Z0-9_]+):-([^}]*)\}/g)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [text, key = '', value] of uses) {
      expect(value, `${text}: ports.env has ${key}=${defaults[key]}`).toBe(defaults[key]);
    }
  });

  it('compose: every dependency waits until the other service is healthy (a one-shot one: done)', () => {
    const oneShot = new Set(['kafka-format']);
    for (const [name, definition] of Object.entries(services)) {
      const dependsOn = asMap(definition, `service ${name}`).depends_on;
      if (dependsOn === undefined) continue;
      // The short list form means "started", which is not "ready".
      const dependencies = asMap(dependsOn, `${name}.depends_on`);
      for (const [dependency, spec] of Object.entries(dependencies)) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        expect(asMap(spec, `${name}.depends_on.${dependency}`).condition).toBe(
          oneShot.has(dependency) ? 'service_completed_successfully' : 'service_healthy',
        );
      }
    }
    const grafanaDependencies = Object.keys(asMap(service('grafana').depends_on, 'grafana'));
    expect(grafanaDependencies).toEqual(expect.arrayContaining(['prometheus', 'jaeger']));
  });

  it('compose: kafka advertises to the host the same port it publishes', () => {
    const environment = asMap(service('kafka').environment, 'kafka.environment');
    const advertised = String(environment.KAFKA_ADVERTISED_LISTENERS);
    const port = `\${LOCKSTEP_KAFKA_PORT:-${defaults.LOCKSTEP_KAFKA_PORT}}`;
    expect(advertised).toContain(`:${port}`);
    expect(service('kafka').ports).toContain(`${port}:9092`);
  });

  it('compose: kafka runs the version ports.env pins', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${defaults.LOCKSTEP_KAFKA_VERSION}`);
  });

  it("compose: grafana's data sources point at the compose prometheus and jaeger", () => {
    const provisioning = join(repoRoot, 'infra', 'compose', 'grafana', 'provisioning');
    const datasourcesFile = join(provisioning, 'datasources', 'datasources.yml');
    const datasources = asMap(parse(readFileSync(datasourcesFile, 'utf8')), 'datasources.yml');
    const urls = (datasources.datasources as unknown[]).map((d) => asMap(d, 'datasource').url);
    expect(urls).toEqual(expect.arrayContaining(['http://prometheus:9090', 'http://jaeger:16686']));

    // The dashboards provider reads the directory where compose mounts infra/compose's dashboards.
    const dashboardsFile = join(provisioning, 'dashboards', 'dashboards.yml');
    const providers = asMap(parse(readFileSync(dashboardsFile, 'utf8')), 'dashboards.yml')
      .providers as unknown[];
    const paths = providers.map((p) => asMap(asMap(p, 'provider').options, 'options').path);
    const mount = (service('grafana').volumes as unknown[])
      .map(String)
      .find((volume) => volume.startsWith('./infra/compose/grafana/dashboards:'));
    expect(mount, 'grafana mounts ./infra/compose/grafana/dashboards').toBeDefined();
    expect(paths).toContain(mount?.split(':')[1]);
  });

  it('compose: each lockstep service runs two healthy-checked replicas wired to the compose servers and Jaeger', () => {
    const servers: Record<string, string[]> = {
      inventory: ['postgres', 'kafka', 'zookeeper', 'jaeger'],
      payment: ['postgres', 'kafka', 'redis-1', 'redis-2', 'redis-3', 'jaeger'],
      'delivery-assignment': ['postgres', 'kafka', 'jaeger'],
      booking: ['postgres', 'kafka', 'etcd', 'jaeger'],
    };
    const targetsDir = join(repoRoot, 'infra', 'observability', 'targets-compose');
    const scrapeTargets = readdirSync(targetsDir).flatMap(
      (file) => JSON.parse(readFileSync(join(targetsDir, file), 'utf8')) as unknown[],
    );
    for (const [folder, dependencies] of Object.entries(servers)) {
      const replicas = Object.keys(services).filter((name) => name.startsWith(`${folder}-`));
      expect(replicas, folder).toEqual([`${folder}-1`, `${folder}-2`]);
      for (const name of replicas) {
        const replica = service(name);
        const build = asMap(replica.build, `${name}.build`);
        expect(build.dockerfile).toBe('infra/compose/service.Dockerfile');
        expect(asMap(build.args, `${name}.build.args`).SERVICE).toBe(folder);
        const environment = asMap(replica.environment, `${name}.environment`);
        expect(environment).toMatchObject({
          SERVICE_NAME: folder,
          INSTANCE_ID: name,
          KAFKA_BROKERS: 'kafka:19092',
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
        });
        expect(String(environment.DATABASE_URL)).toMatch(/@postgres:5432\//);
        expect(Object.keys(asMap(replica.depends_on, `${name}.depends_on`)).sort()).toEqual(
          [...dependencies].sort(),
        );
        expect(asMap(replica.healthcheck, `${name}.healthcheck`).test).toBeDefined();
        expect(replica.restart, `${name}.restart`).toBe('unless-stopped');
        expect(String(replica.mem_limit), `${name}.mem_limit`).toMatch(/^\d+[kmg]$/i);
        expect(scrapeTargets, `targets-compose lists ${name}`).toContainEqual({
          targets: [`${name}:8080`],
          labels: { service: folder, replica: name, run: 'compose' },
        });
      }
    }
  });

  it("compose: each service connects to Postgres as its own role, created by the postgres image's init script", () => {
    const postgresEnv = asMap(service('postgres').environment, 'postgres.environment');
    const mounts = (service('postgres').volumes as unknown[]).map(String);
    expect(mounts).toContain('./infra/compose/postgres/initdb:/docker-entrypoint-initdb.d:ro');
    expect(mounts).toContain(
      './infra/compose/postgres/create-service-database.sh:/usr/local/bin/create-service-database.sh:ro',
    );
    const initScript = readFileSync(
      join(repoRoot, 'infra', 'compose', 'postgres', 'initdb', '10-service-roles.sh'),
      'utf8',
    );
    const urlPattern = /^postgres:\/\/([a-z_]+):\$\{([A-Z_]+):-([^}]+)\}@postgres:5432\/([a-z_]+)$/;
    const replicas = Object.keys(services).filter(
      (name) => /-\d$/.test(name) && !name.startsWith('redis-'),
    );
    expect(replicas).toHaveLength(8);
    for (const name of replicas) {
      const url = String(asMap(service(name).environment, `${name}.environment`).DATABASE_URL);
      const match = urlPattern.exec(url);
      expect(match, `${name}: DATABASE_URL ${url}`).not.toBeNull();
      const [, role, passwordKey, passwordDefault, database] = match as RegExpExecArray;
      // Its own role, named like its database, never the superuser.
      expect(role, name).toBe(database);
      expect(role, name).not.toBe(defaults.LOCKSTEP_POSTGRES_USER);
      // The init script creates that role with the password the postgres container is given,
      // which has the same key and default as the one in the replica's URL.
      expect(initScript, name).toContain(`bash "$create" ${database} "\${${passwordKey}:-}"`);
      expect(postgresEnv[String(passwordKey)], name).toBe(`\${${passwordKey}:-${passwordDefault}}`);
    }
  });

  it('compose: every Redis node runs the ACL users of the native stack, and payment connects as the lock user', () => {
    for (const name of ['redis-1', 'redis-2', 'redis-3']) {
      const node = service(name);
      // The same script and rules as infra/local/bin/servers/redis.sh, mounted from infra/redis.
      expect((node.volumes as unknown[]).map(String)).toContain(
        './infra/redis:/etc/lockstep/redis:ro',
      );
      const command = (node.command as unknown[]).map(String).join(' ');
      expect(command).toContain('sh /etc/lockstep/redis/write-users-acl.sh > /data/users.acl');
      expect(command).toContain('--aclfile /data/users.acl');
      expect(asMap(node.environment, `${name}.environment`)).toEqual({
        REDIS_ADMIN_USER: withDefault('LOCKSTEP_REDIS_USER'),
        REDIS_ADMIN_PASSWORD: withDefault('LOCKSTEP_REDIS_PASSWORD'),
        REDIS_LOCK_USER: withDefault('LOCKSTEP_REDIS_LOCK_USER'),
        REDIS_LOCK_PASSWORD: withDefault('LOCKSTEP_REDIS_LOCK_PASSWORD'),
      });
      // The health check has to log in too: the default user is off.
      expect(
        String((asMap(node.healthcheck, `${name}.healthcheck`).test as unknown[])[1]),
      ).toContain('redis-cli --user "$$REDIS_ADMIN_USER"');
    }
    const login = `${withDefault('LOCKSTEP_REDIS_LOCK_USER')}:${withDefault('LOCKSTEP_REDIS_LOCK_PASSWORD')}`;
    for (const name of ['payment-1', 'payment-2']) {
      expect(asMap(service(name).environment, `${name}.environment`).REDIS_NODES).toBe(
        ['redis-1', 'redis-2', 'redis-3'].map((node) => `redis://${login}@${node}:6379`).join(','),
      );
    }
  });

  it('compose: Kafka takes SASL/SCRAM logins only, with users formatted in before it starts, and the services log in', () => {
    const format = service('kafka-format');
    const kafka = service('kafka');
    // The same format script as the native stack (infra/local/bin/servers/kafka.sh).
    expect(format.entrypoint).toEqual(['sh', '/etc/lockstep/kafka/format-storage.sh']);
    expect((format.volumes as unknown[]).map(String)).toEqual(
      expect.arrayContaining([
        'kafka-data:/var/lib/kafka/data',
        './infra/compose/kafka:/etc/lockstep/kafka:ro',
      ]),
    );
    expect(asMap(kafka.depends_on, 'kafka.depends_on')['kafka-format']).toEqual({
      condition: 'service_completed_successfully',
    });
    const formatEnv = asMap(format.environment, 'kafka-format.environment');
    const kafkaEnv = asMap(kafka.environment, 'kafka.environment');
    expect(formatEnv).toMatchObject({
      SCRAM_ADMIN_USER: withDefault('LOCKSTEP_KAFKA_USER'),
      SCRAM_ADMIN_PASSWORD: withDefault('LOCKSTEP_KAFKA_PASSWORD'),
      SCRAM_SERVICE_USER: withDefault('LOCKSTEP_KAFKA_SERVICE_USER'),
      SCRAM_SERVICE_PASSWORD: withDefault('LOCKSTEP_KAFKA_SERVICE_PASSWORD'),
    });
    expect(formatEnv.CLUSTER_ID).toBe(kafkaEnv.CLUSTER_ID);
    // Every listener a client can reach is SASL; the broker logs in to its own as the admin.
    const protocols = String(kafkaEnv.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).split(',');
    expect(protocols.sort()).toEqual(
      ['CONTROLLER:PLAINTEXT', 'HOST:SASL_PLAINTEXT', 'INTERNAL:SASL_PLAINTEXT'].sort(),
    );
    expect(kafkaEnv.KAFKA_SASL_ENABLED_MECHANISMS).toBe('SCRAM-SHA-256');
    expect(
      String(kafkaEnv.KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___256_SASL_JAAS_CONFIG),
    ).toContain(
      `username="${withDefault('LOCKSTEP_KAFKA_USER')}" password="${withDefault('LOCKSTEP_KAFKA_PASSWORD')}"`,
    );
    expect(kafkaEnv.KAFKA_LISTENER_NAME_HOST_SCRAM___SHA___256_SASL_JAAS_CONFIG).toBeDefined();
    const health = (asMap(kafka.healthcheck, 'kafka.healthcheck').test as unknown[]).map(String);
    expect(health.join(' ')).toContain('--command-config /tmp/health-login.properties');
    for (const name of Object.keys(services).filter(
      (n) => /^[a-z-]+-\d$/.test(n) && !n.startsWith('redis-'),
    )) {
      expect(asMap(service(name).environment, `${name}.environment`), name).toMatchObject({
        KAFKA_USERNAME: withDefault('LOCKSTEP_KAFKA_SERVICE_USER'),
        KAFKA_PASSWORD: withDefault('LOCKSTEP_KAFKA_SERVICE_PASSWORD'),
      });
    }
  });

  it('compose: replicas start from the production image in demo mode, and k6 sends their admin token', () => {
    // The image sets NODE_ENV=production, where a replica without its own ADMIN_TOKEN exits
    // with a config error (docs/security.md); `docker compose up` as it comes must start.
    const replicas = Object.keys(services).filter(
      (name) => /-\d+$/.test(name) && service(name).build,
    );
    expect(replicas.length).toBe(8);
    /** How compose writes "the variable from the shell, else this default". */
    const shellOr = (name: string, fallback: string) => `\${${name}:-${fallback}}`;
    const tokens = new Set<string>();
    for (const name of replicas) {
      const environment = asMap(service(name).environment, `${name}.environment`);
      expect(environment.NODE_ENV, name).toBe(shellOr('NODE_ENV', 'development'));
      tokens.add(String(environment.ADMIN_TOKEN));
    }
    expect([...tokens]).toEqual([shellOr('ADMIN_TOKEN', 'lockstep-development-admin-token')]);
    expect(asMap(service('k6').environment, 'k6.environment').ADMIN_TOKEN).toBe([...tokens][0]);
  });

  it('compose: compose-check accepts the file (npm run compose:check)', () => {
    const { status, output } = runComposeCheck();
    expect(status, output).toBe(0);
    expect(output).toContain('compose-check: OK docker-compose.yml is valid');
  });

  describe('compose: compose-check reports a broken file as FAIL and exits 1', () => {
    it.each(brokenFiles)('when $mistake', ({ yaml, culprit }) => {
      const dir = mkdtempSync(join(tmpdir(), 'lockstep-compose-check-'));
      try {
        const file = join(dir, 'docker-compose.yml');
        writeFileSync(file, yaml);
        const { status, output } = runComposeCheck(file);
        expect(status, output).toBe(1);
        expect(output).toContain(`compose-check: FAIL ${file} is invalid`);
        expect(output).toContain(culprit);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
