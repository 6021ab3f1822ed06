import { createLocalJWKSet, type JSONWebKeySet, type JWTHeaderParameters, jwtVerify } from 'jose';
import { z } from 'zod';
import { identifier } from '../http/safe-strings.js';
import { authInvalid } from './auth-errors.js';
import { type Caller, callerRoles } from './caller.js';

/** What a {@link TokenVerifier} accepts. */
export interface TokenVerifierOptions {
  /** Public keys, each with a kid; a token must name one of them in its header. */
  keys: JSONWebKeySet;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry (or list). */
  audience: string;
  /** Signature algorithms accepted; any other `alg` is refused before the key is looked up. */
  algorithms: readonly string[];
  /** Seconds of clock skew allowed on `exp` and `nbf`; default 5. */
  clockToleranceSeconds?: number;
}

// The claims the services read. `sub` follows the kit's identifier rules so it can be stored,
// logged and compared like any id the APIs take.
const claims = z.object({
  sub: identifier(),
  role: z.enum(callerRoles),
  exp: z.number(),
});

/**
 * Verifies customer and partner bearer tokens: a compact JWS whose header names a known `kid`
 * and an allowed `alg`, signed by that key, with the configured `iss` and `aud`, an `exp` in
 * the future, a `sub` and a `role`. Every failure is 401 AUTH_INVALID with the reason kept as
 * the cause (for logs only).
 */
export class TokenVerifier {
  private readonly keyFor: ReturnType<typeof createLocalJWKSet>;

  constructor(private readonly options: TokenVerifierOptions) {
    this.keyFor = createLocalJWKSet(options.keys);
  }

  /** The caller a token names; throws 401 AUTH_INVALID when it does not verify. */
  async verify(token: string): Promise<Caller> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.keyOf(header), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...this.options.algorithms],
        clockTolerance: this.options.clockToleranceSeconds ?? 5,
        requiredClaims: ['sub', 'exp'],
      });
      const parsed = claims.safeParse(payload);
      if (!parsed.success) throw new Error(`token claims: ${parsed.error.message}`);
      return { subject: parsed.data.sub, role: parsed.data.role };
    } catch (error) {
      throw authInvalid(error);
    }
  }

  // Rotation is by kid: a token without one could only be matched by trying keys, which
  // would keep a retired key usable for as long as it is listed beside its successor.
  private keyOf(header: JWTHeaderParameters): ReturnType<typeof this.keyFor> {
    if (header.kid === undefined) throw new Error('token header has no kid');
    return this.keyFor(header);
  }
}
