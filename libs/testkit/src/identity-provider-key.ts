import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** A signing key as an identity provider holds it: its public JWK and a way to sign with it. */
export interface IdentityProviderKey {
  /** The public half, with its kid, for a replica's AUTH_JWKS. */
  readonly jwk: JWK;
  /** A ten-minute ES256 token for `subject` in `role`, with this key's kid. */
  sign(subject: string, role?: 'customer' | 'partner'): Promise<string>;
}

/**
 * A fresh ES256 key no replica trusts until a test configures it (AUTH_JWKS), for tests that
 * prove the configured keys are the ones checked: rotation, production mode.
 */
export async function identityProviderKey(
  kid: string,
  options: { issuer: string; audience?: string },
): Promise<IdentityProviderKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    jwk,
    sign: (subject, role = 'customer') =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(subject)
        .setIssuer(options.issuer)
        .setAudience(options.audience ?? 'lockstep')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
  };
}
