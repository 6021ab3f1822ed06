import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, ErrorCode, isAppError } from '../errors/index.js';
import { baseServiceConfig, developmentAdminToken } from './base-service-config.js';
import { envBoolean, envInteger } from './env-schemas.js';
import { configErrorExitCode, exitOnConfigError } from './exit-on-config-error.js';
import { developmentKafkaPassword, kafkaSaslOf } from './kafka-login-config.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  ...baseServiceConfig,
  RESERVATION_TTL_MS: envInteger({ min: 1_000 }).default(60_000).describe('hold time'),
  FEATURE_X: envBoolean().default(false).describe('toggle'),
  DB_PASSWORD: z.string().min(12).optional().describe('a secret'),
});

const validEnv = {
  SERVICE_NAME: 'inventory',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/inventory',
  KAFKA_BROKERS: '127.0.0.1:9192, 127.0.0.1:9193,',
};

// A public key that is not the development one, so production mode accepts the key set.
const productionKeys = JSON.stringify({
  keys: [
    {
      kty: 'EC',
      crv: 'P-256',
      kid: 'production-1',
      x: 'fYH-tckzQB9bnOS1zAR2_IcapBzvftlNdbV8JQTK-eI',
      y: 'MTXP444VPUuapI4j0_nazq4run-bpn9A0SixjGLNkSs',
    },
  ],
});
const productionAuth = { AUTH_JWKS: productionKeys, AUTH_ISSUER: 'https://id.example.com/' };
const productionKafka = { KAFKA_PASSWORD: 'a-production-kafka-password' };

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('a valid environment parses with coercion, defaults and lists', () => {
    const config = loadConfig(schema, { ...validEnv, PORT: '0', FEATURE_X: 'YES' });
    expect(config).toMatchObject({
      SERVICE_NAME: 'inventory',
      PORT: 0,
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9192', '127.0.0.1:9193'],
      SHUTDOWN_TIMEOUT_MS: 10_000,
      RESERVATION_TTL_MS: 60_000,
      FEATURE_X: true,
    });
    expect(config.INSTANCE_ID).toBe(`${hostname()}-${process.pid}`);
  });

  it('telemetry is on by default, exports nowhere and samples every trace', () => {
    expect(loadConfig(schema, validEnv)).toMatchObject({
      TELEMETRY_ENABLED: true,
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      TRACE_SAMPLE_RATIO: 1,
    });
    expect(
      loadConfig(schema, {
        ...validEnv,
        TELEMETRY_ENABLED: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
        TRACE_SAMPLE_RATIO: '0.25',
      }),
    ).toMatchObject({
      TELEMETRY_ENABLED: false,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      TRACE_SAMPLE_RATIO: 0.25,
    });
  });

  it('a non-http OTLP endpoint or a sample ratio outside 0..1 is refused by name', () => {
    const error = configErrorOf(() =>
      loadConfig(schema, {
        ...validEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318',
        TRACE_SAMPLE_RATIO: '1.5',
      }),
    );
    const keys = error.problems.map((problem) => problem.split(':')[0]);
    expect(keys).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'TRACE_SAMPLE_RATIO']);
  });

  it('an empty variable counts as unset, so its default applies', () => {
    expect(loadConfig(schema, { ...validEnv, PORT: '', LOG_LEVEL: '  ' }).PORT).toBe(8080);
  });

  it('a bad environment throws CONFIG_INVALID listing every bad variable by name', () => {
    const error = configErrorOf(() =>
      loadConfig(schema, {
        SERVICE_NAME: 'Inventory!',
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://root:hunter2@db/x',
        SHUTDOWN_TIMEOUT_MS: '1.5',
        RESERVATION_TTL_MS: '10',
        FEATURE_X: 'maybe',
        DB_PASSWORD: 'short',
      }),
    );
    expect(isAppError(error, ErrorCode.ConfigInvalid)).toBe(true);
    const byKey = new Map(error.problems.map((p) => [p.split(':')[0], p]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        'DATABASE_URL',
        'DB_PASSWORD',
        'FEATURE_X',
        'KAFKA_BROKERS',
        'LOG_LEVEL',
        'PORT',
        'RESERVATION_TTL_MS',
        'SERVICE_NAME',
        'SHUTDOWN_TIMEOUT_MS',
      ].sort(),
    );
    expect(byKey.get('PORT')).toBe("PORT: expected a number, got 'abc'");
    expect(byKey.get('KAFKA_BROKERS')).toBe('KAFKA_BROKERS: required but not set');
    expect(byKey.get('RESERVATION_TTL_MS')).toContain("got '10'");
    // Secrets never reach the message: neither a secret-named variable nor a URL password.
    expect(error.message).not.toContain('short');
    expect(error.message).not.toContain('hunter2');
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });

  it('reads only the keys of the schema', () => {
    const config = loadConfig(z.object({ A: z.string() }), { A: 'x', B: 'y' });
    expect(config).toEqual({ A: 'x' });
  });

  it('outside production ADMIN_TOKEN defaults to the public development token', () => {
    expect(loadConfig(schema, validEnv).ADMIN_TOKEN).toBe(developmentAdminToken);
    expect(loadConfig(schema, { ...validEnv, NODE_ENV: 'test' }).NODE_ENV).toBe('test');
  });

  it('in production a replica refuses to start without ADMIN_TOKEN, or with the public default', () => {
    const production = {
      ...validEnv,
      ...productionAuth,
      ...productionKafka,
      NODE_ENV: 'production',
    };
    for (const env of [
      production,
      { ...production, ADMIN_TOKEN: '  ' },
      { ...production, ADMIN_TOKEN: developmentAdminToken },
    ]) {
      const error = configErrorOf(() => loadConfig(schema, env));
      expect(error.problems).toEqual([
        'ADMIN_TOKEN: required with NODE_ENV=production (the development default is public)',
      ]);
    }
    const token = 'a-production-admin-token-0123456789';
    const config = loadConfig(schema, { ...production, ADMIN_TOKEN: token });
    expect(config.ADMIN_TOKEN).toBe(token);
  });

  it("in production a replica refuses the local stack's public Kafka password, and starts with its own", () => {
    const token = { ADMIN_TOKEN: 'a-production-admin-token-0123456789' };
    const production = { ...validEnv, ...productionAuth, ...token, NODE_ENV: 'production' };
    for (const env of [production, { ...production, KAFKA_PASSWORD: developmentKafkaPassword }]) {
      expect(configErrorOf(() => loadConfig(schema, env)).problems).toEqual([
        'KAFKA_PASSWORD: required with NODE_ENV=production (the development default is public)',
      ]);
    }
    const config = loadConfig(schema, { ...production, ...productionKafka });
    expect(kafkaSaslOf(config)).toEqual({
      mechanism: 'scram-sha-256',
      username: 'services',
      password: productionKafka.KAFKA_PASSWORD,
    });
    // A broker without authentication: no SASL login at all.
    const plaintext = loadConfig(schema, { ...validEnv, KAFKA_SASL_MECHANISM: 'none' });
    expect(kafkaSaslOf(plaintext)).toBeUndefined();
  });

  it('a short or spaced ADMIN_TOKEN is refused, and its value never echoed', () => {
    const error = configErrorOf(() => loadConfig(schema, { ...validEnv, ADMIN_TOKEN: 'short' }));
    expect(error.problems).toEqual(['ADMIN_TOKEN: expected at least 16 characters, got (hidden)']);
    const spaced = configErrorOf(() =>
      loadConfig(schema, { ...validEnv, ADMIN_TOKEN: 'has a space in the middle' }),
    );
    expect(spaced.problems[0]).toMatch(/^ADMIN_TOKEN: expected printable ASCII/);
  });
});

describe('exitOnConfigError', () => {
  it('prints every problem and exits with EX_CONFIG when main throws a ConfigError', async () => {
    const written: string[] = [];
    const exits: number[] = [];
    await exitOnConfigError(() => loadConfig(schema, {}), {
      writeError: (text) => written.push(text),
      exit: (code) => exits.push(code),
    });
    expect(exits).toEqual([configErrorExitCode]);
    expect(written.join('\n')).toContain('SERVICE_NAME: required but not set');
    expect(written.join('\n')).toContain('DATABASE_URL: required but not set');
  });

  it('rethrows any other error and returns main’s result otherwise', async () => {
    const io = { writeError: () => undefined, exit: () => undefined };
    await expect(exitOnConfigError(() => 42, io)).resolves.toBe(42);
    await expect(
      exitOnConfigError(() => {
        throw new TypeError('boom');
      }, io),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
