import type { JSONWebKeySet, JWK } from 'jose';

/**
 * The development signing key. It is public by design, like the development admin token: it
 * lets local runs, tests, the demo and k6 mint customer tokens without an identity provider.
 * A replica in production mode refuses to start while its key set trusts it (see
 * auth-config.ts), and the development issuer is never mounted there.
 */
export const developmentSigningKey: Readonly<JWK> = Object.freeze({
  kty: 'EC',
  crv: 'P-256',
  x: 'qfwFaknM30ajaxILN-7hRLELFyTE5nXQRRiuAvNVdXs',
  y: 'fmmn8G1gqYVVT9bqJ891tdK0X7rwBxLZaS4-_Sy1esc',
  d: 'zEnsiIwZctpSBPO2HbY03c8S6cfL2UPMg_Kx-n45Z1U',
  kid: 'lockstep-development-1',
  alg: 'ES256',
});

/** The issuer (`iss`) of development tokens, and AUTH_ISSUER's default outside production. */
export const developmentIssuer = 'lockstep-development-issuer';

/** The audience (`aud`) every lockstep service expects by default. */
export const defaultAudience = 'lockstep';

/** The public half of {@link developmentSigningKey}: AUTH_JWKS's default outside production. */
export const developmentKeySet: Readonly<JSONWebKeySet> = Object.freeze({
  keys: [publicHalf(developmentSigningKey)],
});

/**
 * Whether a key is the development key, compared by key material, not by `kid`: the same
 * public key listed under another id must be refused in production too.
 */
export function isDevelopmentKey(key: JWK): boolean {
  return (
    key.kty === developmentSigningKey.kty &&
    key.crv === developmentSigningKey.crv &&
    key.x === developmentSigningKey.x &&
    key.y === developmentSigningKey.y
  );
}

function publicHalf(key: Readonly<JWK>): JWK {
  const { d: _private, ...rest } = key;
  return { ...rest, use: 'sig' };
}
