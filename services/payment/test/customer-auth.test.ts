import { localTopology } from '@lockstep/infra-local';
import {
  ConfigError,
  developmentSigningKey,
  loadConfig,
  mintDevelopmentToken,
} from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  expectOwnerOnly,
  identityProviderKey,
  refusalCheck,
  testAdminToken,
  testKafka,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentConfigSchema } from '../src/config.ts';
import { insertPayment } from '../src/db/payments.ts';
import type { PaymentService } from '../src/service.ts';
import { type PaymentTestDatabase, paymentTestDatabase, rowCounts } from './support/database.ts';
import { startReplicas, stopReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-customer-auth-test');
let db: PaymentTestDatabase;
const deployments: Awaited<ReturnType<typeof startReplicas>>[] = [];
let url: string;

const owner = uniqueName('alice');
const walletId = uniqueName('auth-w');
const paymentId = uniqueName('auth-pay');
const mint = mintDevelopmentToken;

/** Refused requests change no row and no balance anywhere. */
const expectRefused = refusalCheck(() => rowCounts(db.pool));

async function startOne(env: Record<string, string> = {}): Promise<string> {
  const started = await startReplicas(kafka, db.url, 1, env);
  deployments.push(started);
  return (started.replicas[0] as PaymentService).url;
}

const issuer = 'https://id.example.com/';
const providerKey = (kid: string) => identityProviderKey(kid, { issuer });

/**
 * A customer's wallet and payments are the customer's: every read needs their bearer token
 * (401 without a valid one, 403 with someone else's), a customer opens only wallets of their
 * own, and the keys a replica trusts are the configured ones, rotated by kid.
 */
describe('payment: customer authentication', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_customer_auth');
    url = await startOne();
    const opened = await adminCall(url, 'POST', '/wallets', {
      walletId,
      ownerId: owner,
      initialBalanceCents: 700,
    });
    expect(opened.status).toBe(201);
    await insertPayment(
      db.pool,
      { paymentId, walletId, amountCents: 200, reference: { kind: 'order', id: paymentId } },
      { status: 'failed', reason: 'gateway-declined' },
    );
  });

  afterAll(async () => {
    for (const started of deployments) await stopReplicas(kafka, started);
    await db?.drop();
  });

  /** Every customer route of payment that reads a resource of `owner`'s, and what it answers. */
  const ownerRoutes = [
    {
      request: { method: 'GET', path: `/wallets/${walletId}` },
      answer: { walletId, ownerId: owner, balanceCents: 700 },
    },
    {
      request: { method: 'GET', path: `/payments/${paymentId}` },
      answer: { paymentId, walletId, status: 'failed' },
    },
  ];

  for (const { request, answer } of ownerRoutes) {
    it(`${request.method} ${request.path} answers the owner only, and nobody else learns anything`, async () => {
      await expectOwnerOnly(expectRefused, url, request, { owner, role: 'customer', mint });
      const token = await mint({ subject: owner, role: 'customer' });
      const read = await bearerCall(url, request.method, request.path, token);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject(answer);
    });
  }

  it('a missing wallet or payment is still 404 for a valid token, and 401 without one', async () => {
    const token = await mint({ subject: owner, role: 'customer' });
    const missing = await bearerCall(url, 'GET', `/wallets/${uniqueName('nowhere')}`, token);
    expect(missing.status).toBe(404);
    const anonymous = await call(url, 'GET', `/payments/${uniqueName('nowhere')}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('POST /wallets without ownerId opens a wallet for the token subject only; no token, a bad one or a partner one opens nothing', async () => {
    const body = { walletId: uniqueName('own-w') };
    await expectRefused(() => call(url, 'POST', '/wallets', body), 401, 'AUTH_REQUIRED');
    const expired = await mint({ subject: owner, role: 'customer', ttlSeconds: -120 });
    await expectRefused(
      () => bearerCall(url, 'POST', '/wallets', expired, body),
      401,
      'AUTH_INVALID',
    );
    const partner = await mint({ subject: owner, role: 'partner' });
    await expectRefused(() => bearerCall(url, 'POST', '/wallets', partner, body), 403, 'FORBIDDEN');
    const bob = uniqueName('bob');
    const opened = await bearerCall(
      url,
      'POST',
      '/wallets',
      await mint({ subject: bob, role: 'customer' }),
      body,
    );
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ ...body, ownerId: bob, balanceCents: 0 });
    // A customer cannot name another owner, nor give themselves money: that is the operator's.
    const bobToken = await mint({ subject: bob, role: 'customer' });
    await expectRefused(
      () => bearerCall(url, 'POST', '/wallets', bobToken, { ownerId: bob }),
      401,
      'ADMIN_TOKEN_REQUIRED',
    );
  });

  it('keys rotate by kid: both listed keys are accepted, a key dropped from the set is 401, and the development key is not trusted once keys are configured', async () => {
    const [retiring, current] = await Promise.all([providerKey('k-2025'), providerKey('k-2026')]);
    // Not production mode: that also demands Redis and Kafka credentials other than the local
    // stack's development ones. The key set is configured the same way in either mode.
    const configured = { AUTH_ISSUER: issuer };
    const during = await startOne({
      ...configured,
      AUTH_JWKS: JSON.stringify({ keys: [retiring.jwk, current.jwk] }),
    });
    const after = await startOne({
      ...configured,
      AUTH_JWKS: JSON.stringify({ keys: [current.jwk] }),
    });
    const path = `/wallets/${walletId}`;
    const read = async (base: string, token: string) =>
      (await bearerCall(base, 'GET', path, token)).status;

    expect(await read(during, await retiring.sign(owner))).toBe(200);
    expect(await read(during, await current.sign(owner))).toBe(200);
    expect(await read(after, await current.sign(owner))).toBe(200);
    await expectRefused(() => bearerCall(after, 'GET', path, ''), 401, 'AUTH_REQUIRED');
    const old = await retiring.sign(owner);
    await expectRefused(() => bearerCall(after, 'GET', path, old), 401, 'AUTH_INVALID');
    const development = await mint({ subject: owner, role: 'customer' });
    await expectRefused(() => bearerCall(during, 'GET', path, development), 401, 'AUTH_INVALID');
  });

  it('the development issuer mints behind the admin token, and production mode refuses to start trusting the development key', async () => {
    // Not mounted at all in production mode: event-service-base.test.ts in the service kit.
    const anonymous = await call(url, 'POST', '/dev/tokens', { subject: owner, role: 'customer' });
    expect(anonymous.status).toBe(401);
    const dev = await adminCall<{ token: string }>(url, 'POST', '/dev/tokens', {
      subject: owner,
      role: 'customer',
    });
    expect(dev.status).toBe(201);
    expect((await bearerCall(url, 'GET', `/wallets/${walletId}`, dev.body.token)).status).toBe(200);

    const key = await providerKey('k-prod');
    const { d: _private, ...developmentPublic } = developmentSigningKey;
    // Production credentials everywhere (never used: nothing starts), so the key set is the
    // only problem left to report.
    const env = {
      NODE_ENV: 'production',
      ADMIN_TOKEN: testAdminToken,
      AUTH_ISSUER: issuer,
      DATABASE_URL: db.url,
      KAFKA_BROKERS: localTopology().kafka,
      KAFKA_PASSWORD: 'a-production-kafka-password',
      REDIS_NODES: 'redis://lock:a-production-redis-password@redis.example:6379',
      AUTH_JWKS: JSON.stringify({ keys: [key.jwk, { ...developmentPublic, kid: 'innocent' }] }),
    };
    expect(() => loadConfig(paymentConfigSchema, env)).toThrow(ConfigError);
    try {
      loadConfig(paymentConfigSchema, env);
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'AUTH_JWKS: the key set holds the public development key; production mode refuses it',
      ]);
    }
  });
});
