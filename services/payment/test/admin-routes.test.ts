import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  expectAdminOnly,
  refusalCheck,
  testKafka,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentService } from '../src/service.ts';
import { type PaymentTestDatabase, paymentTestDatabase, rowCounts } from './support/database.ts';
import { startReplicas, stopReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-admin-test');
let db: PaymentTestDatabase;
let started: Awaited<ReturnType<typeof startReplicas>>;
let url: string;

/** Refused requests change no row and no balance anywhere. */
const expectRefused = refusalCheck(() => rowCounts(db.pool));

/**
 * Fault injection, money from the bank (a top-up, a funded wallet), opening a wallet for
 * someone and the audit are the operator's: without the admin token in x-admin-token they
 * answer 401 and change nothing; with it they work. A customer's own wallet and reads take
 * the customer's bearer token instead (customer-auth.test.ts).
 */
describe('payment: admin routes', () => {
  const walletId = uniqueName('admin-w');
  const owner = uniqueName('admin-customer');
  let token: string;

  beforeAll(async () => {
    db = await paymentTestDatabase('payment_admin');
    started = await startReplicas(kafka, db.url, 1);
    url = (started.replicas[0] as PaymentService).url;
    token = await mintDevelopmentToken({ subject: owner, role: 'customer' });
  });

  afterAll(async () => {
    await stopReplicas(kafka, started);
    await db?.drop();
  });

  it("POST /wallets for a named owner (and so any opening balance) needs the admin token; a customer's own empty wallet needs their bearer token", async () => {
    for (const body of [
      { walletId, ownerId: owner, initialBalanceCents: 1_000 },
      { walletId, ownerId: owner },
    ]) {
      await expectAdminOnly(expectRefused, url, { method: 'POST', path: '/wallets', body });
    }
    const funded = await adminCall(url, 'POST', '/wallets', {
      walletId,
      ownerId: owner,
      initialBalanceCents: 1_000,
    });
    expect(funded.status).toBe(201);
    expect(funded.body).toMatchObject({ ownerId: owner, balanceCents: 1_000 });
    const empty = await bearerCall(url, 'POST', '/wallets', token, {
      walletId: uniqueName('empty-w'),
    });
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ ownerId: owner });
    const zero = await bearerCall(url, 'POST', '/wallets', token, { initialBalanceCents: 0 });
    expect(zero.status).toBe(201);
  });

  it('POST /wallets/:walletId/top-ups needs the admin token', async () => {
    const path = `/wallets/${walletId}/top-ups`;
    const body = { amountCents: 50, idempotencyKey: uniqueName('k') };
    await expectAdminOnly(expectRefused, url, { method: 'POST', path, body });
    expect((await adminCall(url, 'POST', path, body)).status).toBe(201);
    const wallet = await bearerCall<{ balanceCents: number }>(
      url,
      'GET',
      `/wallets/${walletId}`,
      token,
    );
    expect(wallet.body.balanceCents).toBe(1_050);
  });

  it('PUT /gateway (fault injection) needs the admin token; reading the settings does not', async () => {
    const body = { latencyMs: 6, failureRate: 0 };
    const before = (await call(url, 'GET', '/gateway')).body;
    await expectAdminOnly(expectRefused, url, { method: 'PUT', path: '/gateway', body });
    expect((await call(url, 'GET', '/gateway')).body).toEqual(before);
    const changed = await adminCall(url, 'PUT', '/gateway', body);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ latencyMs: 6, failureRate: 0 });
  });

  it('GET /audit needs the admin token', async () => {
    await expectAdminOnly(expectRefused, url, { method: 'GET', path: '/audit' });
    const audit = await adminCall<{ ok: boolean }>(url, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });
});
