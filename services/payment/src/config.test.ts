import { ConfigError, developmentRedisNodes, loadConfig } from '@lockstep/service-kit';
import { identityProviderKey } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import { paymentConfigSchema } from './config.js';

const required = { DATABASE_URL: 'postgres://u:p@localhost:5442/payment', KAFKA_BROKERS: 'k:9092' };

describe('payment config', () => {
  it('fills every optional key with its documented default', () => {
    const config = loadConfig(paymentConfigSchema, required);
    expect(config).toMatchObject({
      SERVICE_NAME: 'payment',
      KAFKA_GROUP_ID: 'payment',
      REDIS_NODES: [
        'redis://locks:locks-development-password@127.0.0.1:6391',
        'redis://locks:locks-development-password@127.0.0.1:6392',
        'redis://locks:locks-development-password@127.0.0.1:6393',
      ],
      WALLET_LOCK_TTL_MS: 5_000,
      WALLET_LOCK_WAIT_MS: 10_000,
      UNKNOWN_WALLET_POLICY: 'fail',
      GATEWAY_FAILURE_RATE: 0,
    });
  });

  it('parses lists and fractions from strings', () => {
    const config = loadConfig(paymentConfigSchema, {
      ...required,
      REDIS_NODES: 'a:1, b:2 ,c:3',
      GATEWAY_FAILURE_RATE: '0.25',
    });
    expect(config.REDIS_NODES).toEqual(['a:1', 'b:2', 'c:3']);
    expect(config.GATEWAY_FAILURE_RATE).toBe(0.25);
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      loadConfig(paymentConfigSchema, {
        ...required,
        GATEWAY_FAILURE_RATE: '2',
        UNKNOWN_WALLET_POLICY: 'maybe',
        WALLET_LOCK_TTL_MS: 'soon',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of ['GATEWAY_FAILURE_RATE', 'UNKNOWN_WALLET_POLICY', 'WALLET_LOCK_TTL_MS']) {
      expect(message).toContain(key);
    }
  });

  it("in production refuses the local stack's Redis nodes with the lock user's public password", async () => {
    // A key set of its own, so production mode accepts the auth settings.
    const issuer = 'https://id.example.com/';
    const { jwk } = await identityProviderKey('production-1', { issuer });
    const production = {
      ...required,
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-production-admin-token-0123456789',
      KAFKA_PASSWORD: 'a-production-kafka-password',
      AUTH_ISSUER: issuer,
      AUTH_JWKS: JSON.stringify({ keys: [jwk] }),
    };
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(paymentConfigSchema, env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    const refused = [
      'REDIS_NODES: required with NODE_ENV=production (the development default is public)',
    ];
    expect(problems(production)).toEqual(refused);
    expect(problems({ ...production, REDIS_NODES: developmentRedisNodes.join(',') })).toEqual(
      refused,
    );
    const own =
      'redis://payment:s3cret@redis-a:6379,redis://payment:s3cret@redis-b:6379,redis://payment:s3cret@redis-c:6379';
    expect(problems({ ...production, REDIS_NODES: own })).toEqual([]);
  });

  it('describes every key, so the configuration documents itself', () => {
    for (const [key, schema] of Object.entries(paymentConfigSchema.shape)) {
      expect(schema.description, key).toBeTruthy();
    }
  });
});
