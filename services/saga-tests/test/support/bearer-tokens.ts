import type { JsonClient } from './json-client.ts';

/** The roles a bearer token carries. */
export type TokenRole = 'customer' | 'partner';

/**
 * Bearer tokens for the saga's customers and partners, minted once each by the development
 * issuer (POST /dev/tokens, an admin route) of a replica, as the demo and k6 get theirs; each
 * lasts the six hours a run cannot outlive.
 */
export class BearerTokens {
  private readonly minted = new Map<string, Promise<string>>();

  constructor(
    private readonly http: JsonClient,
    private readonly issuer: () => string,
    private readonly adminHeaders: Record<string, string>,
  ) {}

  /** `subject`'s token in `role`; concurrent askers share one mint. */
  of(subject: string, role: TokenRole): Promise<string> {
    const key = `${role}:${subject}`;
    let token = this.minted.get(key);
    if (token === undefined) {
      token = this.mint(subject, role);
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

  private async mint(subject: string, role: TokenRole): Promise<string> {
    const body = { subject, role, ttlSeconds: 6 * 3600 };
    const response = await this.http.post<{ token: string }>(this.issuer(), '/dev/tokens', body, {
      headers: this.adminHeaders,
    });
    if (response.status !== 201) {
      throw new Error(
        `POST /dev/tokens answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body.token;
  }
}
