import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';
import {
  defaultAudience,
  developmentIssuer,
  developmentKeySet,
  isDevelopmentKey,
} from './development-keys.js';
import { publicKeySet, publicKeySetJson } from './key-set.js';

/** Signature algorithms a bearer token may use; asymmetric only, so no replica can sign. */
export const tokenAlgorithms = ['ES256', 'ES384', 'EdDSA', 'RS256', 'PS256'] as const;

/**
 * The configuration keys of customer authentication, as a zod shape (part of the base
 * config). Outside production they default to the development issuer and its public key.
 */
export const authServiceConfig = {
  AUTH_JWKS: publicKeySetJson
    .optional()
    .describe(
      'JSON Web Key Set (public keys, each with a kid) that bearer tokens are verified with; ' +
        'list several to rotate. Default (outside production): the development key. ' +
        'Set this or AUTH_JWKS_FILE.',
    ),
  AUTH_JWKS_FILE: z
    .string()
    .min(1)
    .transform((path, ctx) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'cannot read the file' });
        return z.NEVER;
      }
    })
    .pipe(publicKeySetJson)
    .optional()
    .describe('Path of a file holding the JSON Web Key Set, instead of AUTH_JWKS.'),
  AUTH_ISSUER: z
    .string()
    .min(1)
    .max(500)
    .default(developmentIssuer)
    .describe(
      `The issuer (iss) bearer tokens must name. Required with NODE_ENV=production; elsewhere "${developmentIssuer}".`,
    ),
  AUTH_AUDIENCE: z
    .string()
    .min(1)
    .max(500)
    .default(defaultAudience)
    .describe('The audience (aud) bearer tokens must name.'),
  AUTH_ALGORITHMS: z
    .string()
    .default('ES256')
    .transform((value) => value.split(',').map((item) => item.trim()))
    .pipe(z.array(z.enum(tokenAlgorithms)).min(1))
    .describe(
      `Comma-separated signature algorithms accepted, among ${tokenAlgorithms.join(', ')}.`,
    ),
};

/** The parsed auth keys, as a service's config holds them. */
export interface AuthConfig {
  NODE_ENV?: string;
  AUTH_JWKS?: JSONWebKeySet | undefined;
  AUTH_JWKS_FILE?: JSONWebKeySet | undefined;
  AUTH_ISSUER: string;
  AUTH_AUDIENCE: string;
  AUTH_ALGORITHMS: readonly (typeof tokenAlgorithms)[number][];
}

/** The key set a replica verifies with: the file's, the variable's, else the development one. */
export function authKeySet(config: AuthConfig): JSONWebKeySet {
  return publicKeySet.parse(config.AUTH_JWKS_FILE ?? config.AUTH_JWKS ?? developmentKeySet);
}

/**
 * What is wrong with the auth keys beyond each one's own schema: both key sources set, or, in
 * production mode, a key set that is missing or trusts the public development key (whatever
 * its kid), which would let anyone with this repository mint a customer's token.
 */
export function authConfigProblems(config: Partial<AuthConfig>): string[] {
  if (!('AUTH_ISSUER' in config)) return [];
  const problems: string[] = [];
  if (config.AUTH_JWKS !== undefined && config.AUTH_JWKS_FILE !== undefined) {
    problems.push('AUTH_JWKS: set either AUTH_JWKS or AUTH_JWKS_FILE, not both');
  }
  if (config.NODE_ENV !== 'production') return problems;
  const keys = config.AUTH_JWKS_FILE ?? config.AUTH_JWKS;
  if (keys === undefined) {
    problems.push(
      'AUTH_JWKS: required with NODE_ENV=production (or AUTH_JWKS_FILE; the development key is public)',
    );
  } else if (keys.keys.some(isDevelopmentKey)) {
    const key = config.AUTH_JWKS_FILE !== undefined ? 'AUTH_JWKS_FILE' : 'AUTH_JWKS';
    problems.push(
      `${key}: the key set holds the public development key; production mode refuses it`,
    );
  }
  return problems;
}
