import type { JSONWebKeySet } from 'jose';
import { z } from 'zod';

// Members that only a private or symmetric key has. A verifier needs none of them, and a key
// set that carries them leaks a signing key into every replica's environment.
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const publicKey = z
  .looseObject({
    kty: z.enum(['EC', 'OKP', 'RSA'], {
      error: 'expected kty EC, OKP or RSA (symmetric keys are refused)',
    }),
    kid: z.string().min(1).max(200),
  })
  .refine((key) => privateMembers.every((member) => !(member in key)), {
    error: 'expected public keys only (a private member such as "d" is present)',
  });

/**
 * A JWK Set of public verification keys, each with its own `kid`, ids distinct: the keys the
 * services accept bearer tokens from. Several keys at once is how keys rotate: publish the new
 * one next to the old, switch the issuer, drop the old one once its tokens have expired.
 */
export const publicKeySet = z
  .object({ keys: z.array(publicKey).min(1, { error: 'expected at least one key' }) })
  .refine((set) => new Set(set.keys.map((key) => key.kid)).size === set.keys.length, {
    error: 'expected a distinct kid for every key',
  })
  .transform((set) => set as JSONWebKeySet);

/** {@link publicKeySet} read from JSON text (an environment variable or a file's content). */
export const publicKeySetJson = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON Web Key Set ({"keys": [...]})' });
      return z.NEVER;
    }
  })
  .pipe(publicKeySet);
