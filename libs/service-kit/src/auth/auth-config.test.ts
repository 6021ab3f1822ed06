import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseServiceConfig, developmentAdminToken } from '../config/base-service-config.js';
import { loadConfig } from '../config/load-config.js';
import { ConfigError } from '../errors/config-error.js';
import { authKeySet } from './auth-config.js';
import { developmentKeySet, developmentSigningKey } from './development-keys.js';

const schema = z.object(baseServiceConfig);

const productionKey = {
  kty: 'EC',
  crv: 'P-256',
  kid: 'production-1',
  x: 'fYH-tckzQB9bnOS1zAR2_IcapBzvftlNdbV8JQTK-eI',
  y: 'MTXP444VPUuapI4j0_nazq4run-bpn9A0SixjGLNkSs',
};
const { d: _private, ...developmentPublicKey } = developmentSigningKey;

const production = {
  SERVICE_NAME: 'payment',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/payment',
  KAFKA_BROKERS: '127.0.0.1:9192',
  NODE_ENV: 'production',
  ADMIN_TOKEN: 'a-production-admin-token-0123456789',
  KAFKA_PASSWORD: 'a-production-kafka-password',
  AUTH_ISSUER: 'https://id.example.com/',
  AUTH_JWKS: JSON.stringify({ keys: [productionKey] }),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

function jwksFile(keys: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lockstep-jwks-')), 'jwks.json');
  writeFileSync(path, JSON.stringify({ keys }));
  return path;
}

describe('auth configuration', () => {
  it('outside production the development issuer and its public key are the defaults', () => {
    const config = loadConfig(schema, { ...production, NODE_ENV: 'development', AUTH_JWKS: '' });
    expect(authKeySet(config)).toEqual(developmentKeySet);
    expect(config.AUTH_ALGORITHMS).toEqual(['ES256']);
  });

  it('production with its own issuer and key set starts, from the variable or from a file', () => {
    expect(authKeySet(loadConfig(schema, production)).keys).toEqual([productionKey]);
    const fromFile = loadConfig(schema, {
      ...production,
      AUTH_JWKS: undefined,
      AUTH_JWKS_FILE: jwksFile([productionKey]),
    });
    expect(authKeySet(fromFile).keys).toEqual([productionKey]);
  });

  it('production refuses to start while the key set holds the development key, under any kid', () => {
    const renamed = { ...developmentPublicKey, kid: 'looks-like-production' };
    expect(problemsOf({ ...production, AUTH_JWKS: JSON.stringify(developmentKeySet) })).toEqual([
      'AUTH_JWKS: the key set holds the public development key; production mode refuses it',
    ]);
    expect(
      problemsOf({ ...production, AUTH_JWKS: JSON.stringify({ keys: [productionKey, renamed] }) }),
    ).toHaveLength(1);
    expect(
      problemsOf({
        ...production,
        AUTH_JWKS: undefined,
        AUTH_JWKS_FILE: jwksFile([renamed]),
      }),
    ).toEqual([
      'AUTH_JWKS_FILE: the key set holds the public development key; production mode refuses it',
    ]);
  });

  it('production refuses to start without a key set or an issuer of its own', () => {
    expect(problemsOf({ ...production, AUTH_JWKS: undefined })).toEqual([
      'AUTH_JWKS: required with NODE_ENV=production (or AUTH_JWKS_FILE; the development key is public)',
    ]);
    expect(problemsOf({ ...production, AUTH_ISSUER: undefined })).toEqual([
      'AUTH_ISSUER: required with NODE_ENV=production (the development default is public)',
    ]);
    expect(
      problemsOf({ ...production, ADMIN_TOKEN: developmentAdminToken, AUTH_JWKS: undefined }),
    ).toHaveLength(2);
  });

  it('a key set with a private or symmetric key, duplicate kids, no kid or bad JSON is refused', () => {
    const cases = {
      private: [{ ...developmentSigningKey, kid: 'p' }],
      symmetric: [{ kty: 'oct', kid: 's', k: 'c2VjcmV0' }],
      duplicate: [productionKey, { ...productionKey }],
      'no kid': [{ ...productionKey, kid: undefined }],
      empty: [],
    };
    for (const [name, keys] of Object.entries(cases)) {
      const problems = problemsOf({ ...production, AUTH_JWKS: JSON.stringify({ keys }) });
      expect(`${name}: ${problems.length}`).toBe(`${name}: 1`);
      expect(problems[0]).toMatch(/^AUTH_JWKS/);
    }
    expect(problemsOf({ ...production, AUTH_JWKS: '{not json' })[0]).toMatch(
      /^AUTH_JWKS: expected a JSON Web Key Set/,
    );
    expect(problemsOf({ ...production, AUTH_JWKS_FILE: '/nonexistent/jwks.json' })).toEqual([
      expect.stringMatching(/^AUTH_JWKS_FILE: cannot read the file/),
    ]);
  });

  it('both AUTH_JWKS and AUTH_JWKS_FILE set is refused, and so is an unknown algorithm', () => {
    expect(problemsOf({ ...production, AUTH_JWKS_FILE: jwksFile([productionKey]) })).toEqual([
      'AUTH_JWKS: set either AUTH_JWKS or AUTH_JWKS_FILE, not both',
    ]);
    expect(problemsOf({ ...production, AUTH_ALGORITHMS: 'ES256,HS256' })[0]).toMatch(
      /^AUTH_ALGORITHMS/,
    );
  });
});
