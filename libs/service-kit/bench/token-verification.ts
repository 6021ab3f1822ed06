/**
 * What checking a customer's bearer token costs a replica: CPU per verification of the kit's
 * ES256 tokens (TokenVerifier, as every customer route runs it), beside an HS256 token verified
 * by the same library in the same run, the cheapest JWT there is and the baseline of the ratio.
 * Services hold only public keys, which HS256 cannot offer; the ratio is what that costs.
 *
 *   npm run bench:tokens [-- <verifications, default 5000>]
 */
import { jwtVerify, SignJWT } from 'jose';
import {
  defaultAudience,
  developmentIssuer,
  developmentKeySet,
} from '../src/auth/development-keys.ts';
import { mintDevelopmentToken } from '../src/auth/mint-development-token.ts';
import { TokenVerifier } from '../src/auth/token-verifier.ts';

const count = Number(process.argv[2] ?? 5_000);

/** CPU µs per call of `verify`, after a warm-up of a tenth as many calls. */
async function cpuMicrosPerCall(verify: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < count / 10; i++) await verify();
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) await verify();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

const es256 = new TokenVerifier({
  keys: developmentKeySet,
  issuer: developmentIssuer,
  audience: defaultAudience,
  algorithms: ['ES256'],
});
const es256Token = await mintDevelopmentToken({ subject: 'bench-customer', role: 'customer' });

const secret = new TextEncoder().encode('a-32-byte-secret-for-the-baseline!');
const hs256Token = await new SignJWT({ role: 'customer' })
  .setProtectedHeader({ alg: 'HS256' })
  .setSubject('bench-customer')
  .setIssuer(developmentIssuer)
  .setAudience(defaultAudience)
  .setExpirationTime('1h')
  .sign(secret);

const baseline = await cpuMicrosPerCall(() =>
  jwtVerify(hs256Token, secret, { issuer: developmentIssuer, audience: defaultAudience }),
);
const ours = await cpuMicrosPerCall(() => es256.verify(es256Token));
console.log(`token verification, ${count} each, CPU per verification:`);
console.log(`  HS256 (jose, baseline)       ${baseline.toFixed(1)} µs`);
console.log(
  `  ES256 (TokenVerifier, ours)  ${ours.toFixed(1)} µs   ${(ours / baseline).toFixed(1)}x`,
);
