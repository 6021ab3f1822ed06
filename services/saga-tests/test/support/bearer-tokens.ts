import { mintDevelopmentToken } from '@lockstep/service-kit';

/** The roles a bearer token carries. */
export type TokenRole = 'customer' | 'partner';

/**
 * Bearer tokens for the saga's customers and partners, signed once each in this process with
 * the development issuer's key (the key every replica trusts outside production), so minting
 * 2,000 buyers' tokens during a flash sale costs the replicas nothing. Each lasts the six hours
 * a run cannot outlive. The demo and k6 get theirs from POST /dev/tokens instead.
 */
export class BearerTokens {
  private readonly minted = new Map<string, Promise<string>>();

  /** `subject`'s token in `role`; concurrent askers share one mint. */
  of(subject: string, role: TokenRole): Promise<string> {
    const key = `${role}:${subject}`;
    let token = this.minted.get(key);
    if (token === undefined) {
      token = mintDevelopmentToken({ subject, role, ttlSeconds: 6 * 3600 });
      // A failed mint is not cached: the next asker tries again.
      token.catch(() => this.minted.delete(key));
      this.minted.set(key, token);
    }
    return token;
  }

  /** The `authorization` header of `subject` in `role`. */
  async headers(subject: string, role: TokenRole): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.of(subject, role)}` };
  }
}
