import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { defaultAudience, developmentIssuer, developmentKeySet } from './development-keys.js';
import { mintDevelopmentToken } from './mint-development-token.js';
import { TokenVerifier } from './token-verifier.js';

type Signer = {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
};

async function signer(kid: string, alg = 'ES256'): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

/** A token as an identity provider would sign it; each option bends one thing. */
function token(
  key: Signer,
  options: {
    alg?: string;
    kid?: string | null;
    claims?: Record<string, unknown>;
    expiresIn?: number;
  } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const header = {
    alg: options.alg ?? 'ES256',
    ...(options.kid === null ? {} : { kid: options.kid ?? key.kid }),
  };
  // Claims are set as one object, so a case can override (or drop) any standard claim.
  const payload = {
    sub: 'alice',
    role: 'customer',
    iss: developmentIssuer,
    aud: defaultAudience,
    iat: now,
    exp: now + (options.expiresIn ?? 600),
    ...options.claims,
  };
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

function verifierOf(keys: JWK[], algorithms = ['ES256']) {
  return new TokenVerifier({
    keys: { keys },
    issuer: developmentIssuer,
    audience: defaultAudience,
    algorithms,
  });
}

async function refusal(verifier: TokenVerifier, jwt: string): Promise<string | undefined> {
  try {
    await verifier.verify(jwt);
  } catch (error) {
    return isAppError(error) ? `${error.status} ${error.code}` : String(error);
  }
  return 'accepted';
}

let current: Signer;
let next: Signer;
let stranger: Signer;

beforeAll(async () => {
  [current, next, stranger] = await Promise.all([signer('k1'), signer('k2'), signer('k1')]);
});

describe('TokenVerifier', () => {
  it('a token signed by a listed key, with the right iss, aud and exp, names its subject and role', async () => {
    const verifier = verifierOf([current.publicJwk]);
    await expect(verifier.verify(await token(current))).resolves.toEqual({
      subject: 'alice',
      role: 'customer',
    });
    const partner = await token(current, { claims: { role: 'partner' } });
    await expect(verifier.verify(partner)).resolves.toMatchObject({ role: 'partner' });
  });

  it('the development issuer mints tokens the development key set accepts', async () => {
    const verifier = new TokenVerifier({
      keys: developmentKeySet,
      issuer: developmentIssuer,
      audience: defaultAudience,
      algorithms: ['ES256'],
    });
    const jwt = await mintDevelopmentToken({ subject: 'bob', role: 'partner' });
    await expect(verifier.verify(jwt)).resolves.toEqual({ subject: 'bob', role: 'partner' });
  });

  it('rotation: both listed kids are accepted; a kid no longer listed is 401 AUTH_INVALID', async () => {
    const both = verifierOf([current.publicJwk, next.publicJwk]);
    expect(await refusal(both, await token(current))).toBe('accepted');
    expect(await refusal(both, await token(next))).toBe('accepted');
    const rotated = verifierOf([next.publicJwk]);
    expect(await refusal(rotated, await token(next))).toBe('accepted');
    expect(await refusal(rotated, await token(current))).toBe('401 AUTH_INVALID');
  });

  it('refuses, with 401 AUTH_INVALID, every token that should not pass', async () => {
    const verifier = verifierOf([current.publicJwk, next.publicJwk]);
    const es384 = await signer('k1', 'ES384');
    const cases: Record<string, Promise<string>> = {
      expired: token(current, { expiresIn: -60 }),
      'another issuer': token(current, { claims: { iss: 'https://evil.example/' } }),
      'another audience': token(current, { claims: { aud: 'another-system' } }),
      'no kid': token(current, { kid: null }),
      'an unknown kid': token(current, { kid: 'k9' }),
      'a listed kid, signed by another key': token(stranger),
      'an algorithm not allowed': token(es384, { alg: 'ES384' }),
      'no role': token(current, { claims: { role: undefined } }),
      'an unknown role': token(current, { claims: { role: 'admin' } }),
      'a subject with a control character': token(current, { claims: { sub: 'al\u0000ice' } }),
      'no exp': new SignJWT({ role: 'customer' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('alice')
        .setIssuer(developmentIssuer)
        .setAudience(defaultAudience)
        .sign(current.privateKey),
    };
    for (const [name, jwt] of Object.entries(cases)) {
      expect(`${name}: ${await refusal(verifier, await jwt)}`).toBe(`${name}: 401 AUTH_INVALID`);
    }
  });

  it('refuses a token whose payload was changed after signing, and an unsigned (alg none) one', async () => {
    const verifier = verifierOf([current.publicJwk]);
    const [header, payload, signature] = (await token(current)).split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url');
    expect(await refusal(verifier, `${header}.${forged}.${signature}`)).toBe('401 AUTH_INVALID');
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
    expect(await refusal(verifier, `${none}.${payload}.${signature}`)).toBe('401 AUTH_INVALID');
  });

  it('refuses an HS256 token whose secret is the public key (algorithm confusion)', async () => {
    const verifier = verifierOf([current.publicJwk]);
    const secret = new TextEncoder().encode(JSON.stringify(current.publicJwk));
    const now = Math.floor(Date.now() / 1000);
    const hs256 = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('alice')
      .setIssuer(developmentIssuer)
      .setAudience(defaultAudience)
      .setExpirationTime(now + 600)
      .sign(secret);
    expect(await refusal(verifier, hs256)).toBe('401 AUTH_INVALID');
  });
});
