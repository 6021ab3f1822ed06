import { importJWK, SignJWT } from 'jose';
import type { CallerRole } from './caller.js';
import { defaultAudience, developmentIssuer, developmentSigningKey } from './development-keys.js';

/** A development token's subject and role, and what a test may bend to make a bad one. */
export interface DevelopmentTokenRequest {
  /** `sub`: the customer's or partner's id. */
  subject: string;
  /** `role`. */
  role: CallerRole;
  /** Seconds until `exp`; default 3600. Negative makes an expired token. */
  ttlSeconds?: number;
  /** `iss`; default the development issuer. */
  issuer?: string;
  /** `aud`; default `lockstep`. */
  audience?: string;
}

/**
 * Signs an ES256 token with the public development key, for local runs, tests, the demo and
 * k6 (through POST /dev/tokens). Only replicas that trust the development key accept it, and
 * production mode refuses to start with that key (see auth-config.ts).
 */
export async function mintDevelopmentToken(request: DevelopmentTokenRequest): Promise<string> {
  const key = await importJWK(developmentSigningKey, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: request.role })
    .setProtectedHeader({ alg: 'ES256', kid: developmentSigningKey.kid as string, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuer(request.issuer ?? developmentIssuer)
    .setAudience(request.audience ?? defaultAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + (request.ttlSeconds ?? 3600))
    .sign(key);
}
