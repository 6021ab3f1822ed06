import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where every server of the local stack listens; built from infra/ports.env plus overrides. */
export interface Topology {
  /** Loopback address every server binds to. */
  host: string;
  /**
   * The three independent Redis nodes Redlock votes across, as `redis://user:password@host:port`
   * URLs of the admin user (tests, benchmarks, tools): the nodes refuse anonymous clients.
   */
  redis: [string, string, string];
  /**
   * The same nodes as the services' lock user (payment's Redlock), which may only run the lock
   * library's commands on `lockstep:*` keys and channels.
   */
  redisForLocks: [string, string, string];
  /** ZooKeeper connection string (`host:port`). */
  zookeeper: string;
  /** etcd client URL (`http://host:port`). */
  etcd: string;
  /** Kafka bootstrap broker (`host:port`); it takes SASL/SCRAM logins only. */
  kafka: string;
  /** The admin's Kafka login (tests, tools), as kafkajs' `sasl` option takes it. */
  kafkaSasl: KafkaLogin;
  /** The services' Kafka login (KAFKA_USERNAME / KAFKA_PASSWORD of every replica). */
  kafkaSaslForServices: KafkaLogin;
  /** PostgreSQL server of the private cluster. */
  postgres: { host: string; port: number; user: string; password: string };
  /** OTLP/HTTP endpoint of the trace collector (Jaeger in the demo). */
  otlpHttp: string;
  /** Jaeger's query API and UI (`http://host:16686`): `/api/traces/<id>`, `/api/services`. */
  jaegerQuery: string;
  /** Prometheus's HTTP API and classic UI (`http://host:9090`). */
  prometheus: string;
}

/** A SASL/SCRAM login to the local broker, the shape of kafkajs' `sasl` option. */
export interface KafkaLogin {
  mechanism: 'scram-sha-256';
  username: string;
  password: string;
}

const portsFile = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'ports.env');

/** Parses `KEY=VALUE` lines, ignoring blanks and `#` comments; exported for the compose test. */
export function parsePortsEnv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`ports.env: malformed line "${line}"`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

/** The defaults written in infra/ports.env, without environment overrides. */
export function portDefaults(): Record<string, string> {
  return parsePortsEnv(readFileSync(portsFile, 'utf8'));
}

/**
 * The topology services and tests connect to: infra/ports.env, with any key overridden by an
 * environment variable of the same name (the same rule the bash scripts follow).
 */
export function localTopology(env: NodeJS.ProcessEnv = process.env): Topology {
  const defaults = portDefaults();
  const value = (key: string): string => {
    const v = env[key] ?? defaults[key];
    if (v === undefined || v === '') throw new Error(`ports.env: ${key} is not set`);
    return v;
  };
  const host = value('LOCKSTEP_HOST');
  const at = (portKey: string) => `${host}:${value(portKey)}`;
  const redisNodes = (userKey: string, passwordKey: string) => {
    const login = `${encodeURIComponent(value(userKey))}:${encodeURIComponent(value(passwordKey))}`;
    const url = (portKey: string) => `redis://${login}@${at(portKey)}`;
    return [
      url('LOCKSTEP_REDIS1_PORT'),
      url('LOCKSTEP_REDIS2_PORT'),
      url('LOCKSTEP_REDIS3_PORT'),
    ] as [string, string, string];
  };
  return {
    host,
    redis: redisNodes('LOCKSTEP_REDIS_USER', 'LOCKSTEP_REDIS_PASSWORD'),
    redisForLocks: redisNodes('LOCKSTEP_REDIS_LOCK_USER', 'LOCKSTEP_REDIS_LOCK_PASSWORD'),
    zookeeper: at('LOCKSTEP_ZOOKEEPER_PORT'),
    etcd: `http://${at('LOCKSTEP_ETCD_PORT')}`,
    kafka: at('LOCKSTEP_KAFKA_PORT'),
    kafkaSasl: {
      mechanism: 'scram-sha-256',
      username: value('LOCKSTEP_KAFKA_USER'),
      password: value('LOCKSTEP_KAFKA_PASSWORD'),
    },
    kafkaSaslForServices: {
      mechanism: 'scram-sha-256',
      username: value('LOCKSTEP_KAFKA_SERVICE_USER'),
      password: value('LOCKSTEP_KAFKA_SERVICE_PASSWORD'),
    },
    postgres: {
      host,
      port: Number(value('LOCKSTEP_POSTGRES_PORT')),
      user: value('LOCKSTEP_POSTGRES_USER'),
      password: value('LOCKSTEP_POSTGRES_PASSWORD'),
    },
    otlpHttp: `http://${at('LOCKSTEP_OTLP_HTTP_PORT')}`,
    jaegerQuery: `http://${at('LOCKSTEP_JAEGER_UI_PORT')}`,
    prometheus: `http://${at('LOCKSTEP_PROMETHEUS_PORT')}`,
  };
}
