import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { type ApiResponse, call, testAdminToken } from './http-call.js';
import type { RefusalCheck } from './refusal-check.js';

/** A customer's or partner's route as a test calls it. */
export interface OwnerRequest {
  method: string;
  path: string;
  /** The JSON body the route would accept from its owner. */
  body?: unknown;
}

/** The service kit's `mintDevelopmentToken`, passed in (the kit's own tests use this kit). */
export type MintToken = (request: {
  subject: string;
  role: 'customer' | 'partner';
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
}) => Promise<string>;

/** Whose route it is, and how tokens are minted. */
export interface OwnerOnlyOptions {
  /** The subject whose token the route accepts. */
  owner: string;
  /** The role the route is for. */
  role: 'customer' | 'partner';
  mint: MintToken;
}

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

// Keys no test replica trusts, made once per process.
let foreignKeys: Promise<{ es256: PrivateKey; es384: PrivateKey }> | undefined;

function foreign() {
  foreignKeys ??= Promise.all([generateKeyPair('ES256'), generateKeyPair('ES384')]).then(
    ([es256, es384]) => ({ es256: es256.privateKey, es384: es384.privateKey }),
  );
  return foreignKeys;
}

/** A well-formed token for `subject` signed with a key the replica does not hold. */
async function forged(
  subject: string,
  role: string,
  header: { alg: string; kid: string },
  key: PrivateKey | Uint8Array,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role })
    .setProtectedHeader(header)
    .setSubject(subject)
    .setIssuer('lockstep-development-issuer')
    .setAudience('lockstep')
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(key);
}

/**
 * Checks that a customer's or partner's route refuses everyone but its owner, writing
 * nothing: no token, a header that holds no token, and the admin token in its own header
 * (401 AUTH_REQUIRED); the owner's token expired, from another issuer or for another audience,
 * signed by an unknown key id, by a stranger's key under the trusted key id, with an
 * algorithm not allowed, or as HS256 keyed with nothing secret (401 AUTH_INVALID); another
 * subject's token, and the owner's id with the other role (403 FORBIDDEN). The caller then
 * sends it with the owner's token and checks the effect.
 */
export async function expectOwnerOnly(
  refused: RefusalCheck,
  base: string,
  request: OwnerRequest,
  { owner, role, mint }: OwnerOnlyOptions,
): Promise<void> {
  const send = (headers: Record<string, string>) => (): Promise<ApiResponse> =>
    call(base, request.method, request.path, request.body, {
      'content-type': 'application/json',
      ...headers,
    });
  const bearer = (token: string) => send({ authorization: `Bearer ${token}` });
  await refused(send({}), 401, 'AUTH_REQUIRED');
  await refused(send({ authorization: 'Bearer not-a-token' }), 401, 'AUTH_REQUIRED');
  await refused(send({ authorization: `Basic ${btoa(`${owner}:x`)}` }), 401, 'AUTH_REQUIRED');
  await refused(send({ 'x-admin-token': testAdminToken }), 401, 'AUTH_REQUIRED');

  const { kid } = decodeProtectedHeader(await mint({ subject: owner, role }));
  const trustedKid = String(kid);
  const keys = await foreign();
  const invalid = [
    await mint({ subject: owner, role, ttlSeconds: -120 }),
    await mint({ subject: owner, role, issuer: 'https://issuer.example/' }),
    await mint({ subject: owner, role, audience: 'another-system' }),
    await forged(owner, role, { alg: 'ES256', kid: 'retired-key' }, keys.es256),
    await forged(owner, role, { alg: 'ES256', kid: trustedKid }, keys.es256),
    await forged(owner, role, { alg: 'ES384', kid: trustedKid }, keys.es384),
    await forged(owner, role, { alg: 'HS256', kid: trustedKid }, new TextEncoder().encode(owner)),
  ];
  for (const token of invalid) await refused(bearer(token), 401, 'AUTH_INVALID');

  const otherRole = role === 'customer' ? 'partner' : 'customer';
  await refused(bearer(await mint({ subject: `not-${owner}`, role })), 403, 'FORBIDDEN');
  await refused(bearer(await mint({ subject: owner, role: otherRole })), 403, 'FORBIDDEN');
}
