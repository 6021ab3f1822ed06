import { localTopology } from '@lockstep/infra-local';
import { RedlockLock } from '@lockstep/locks';
import { type AuditReport, mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  errorCode,
  errorFields,
  refusalCheck,
  testAdminToken,
  testKafka,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentService } from '../src/service.ts';
import { WalletLock } from '../src/use-cases/wallet-lock.ts';
import { type PaymentTestDatabase, paymentTestDatabase, rowCounts } from './support/database.ts';
import { startReplicas, stopReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-http-test');
let db: PaymentTestDatabase;
let started: Awaited<ReturnType<typeof startReplicas>>;
let url: string;
// Every wallet of this file is one customer's; the operator names them as the owner.
const customer = uniqueName('http-customer');
let token: string;

/** A wallet as GET /wallets/:walletId answers it. */
interface Wallet {
  walletId: string;
  balanceCents: number;
}

/** Sends a request that must be refused, and checks it changed no row anywhere. */
const expectRefused = refusalCheck(() => rowCounts(db.pool));

describe('payment HTTP API', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_http');
    // A short lock wait, so the busy-wallet case answers quickly.
    started = await startReplicas(kafka, db.url, 1, { WALLET_LOCK_WAIT_MS: '300' });
    url = (started.replicas[0] as PaymentService).url;
    token = await mintDevelopmentToken({ subject: customer, role: 'customer' });
  });

  afterAll(async () => {
    await stopReplicas(kafka, started);
    await db?.drop();
  });

  describe('POST /wallets', () => {
    it('opens a wallet with a generated id and a zero balance', async () => {
      const response = await bearerCall<Wallet>(url, 'POST', '/wallets', token, {});
      expect(response.status).toBe(201);
      expect(response.body.walletId).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.body.balanceCents).toBe(0);
      expect(response.body).toMatchObject({ ownerId: customer });
    });

    it('books the initial balance as a top-up from the bank, so the ledger balances', async () => {
      const walletId = uniqueName('w');
      const response = await adminCall<Wallet>(url, 'POST', '/wallets', {
        walletId,
        ownerId: customer,
        initialBalanceCents: 12_345,
      });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ walletId, balanceCents: 12_345 });
      const { rows } = await db.pool.query(
        'SELECT account, amount_cents::int AS amount FROM ledger_entries WHERE entry_group = $1 ORDER BY amount',
        [`opening:${walletId}`],
      );
      expect(rows).toEqual([
        { account: 'bank', amount: -12_345 },
        { account: `wallet:${walletId}`, amount: 12_345 },
      ]);
      expect(
        (await bearerCall<Wallet>(url, 'GET', `/wallets/${walletId}`, token)).body.balanceCents,
      ).toBe(12_345);
    });

    it('answers 409 WALLET_EXISTS for a taken id and changes nothing', async () => {
      const walletId = uniqueName('w');
      expect(
        (
          await adminCall(url, 'POST', '/wallets', {
            walletId,
            ownerId: customer,
            initialBalanceCents: 5,
          })
        ).status,
      ).toBe(201);
      await expectRefused(
        () =>
          adminCall(url, 'POST', '/wallets', {
            walletId,
            ownerId: customer,
            initialBalanceCents: 999,
          }),
        409,
        'WALLET_EXISTS',
      );
      expect(
        (await bearerCall<Wallet>(url, 'GET', `/wallets/${walletId}`, token)).body.balanceCents,
      ).toBe(5);
    });

    it.each([
      ['a string balance', { initialBalanceCents: '100' }, 'initialBalanceCents'],
      ['a negative balance', { initialBalanceCents: -1 }, 'initialBalanceCents'],
      ['a fractional balance', { initialBalanceCents: 1.5 }, 'initialBalanceCents'],
      ['a huge balance', { initialBalanceCents: 1e15 }, 'initialBalanceCents'],
      ['a numeric wallet id', { walletId: 42 }, 'walletId'],
      ['an empty wallet id', { walletId: '' }, 'walletId'],
      ['a 101-character wallet id', { walletId: 'x'.repeat(101) }, 'walletId'],
      ['an unknown field', { walletId: uniqueName('w'), owner: 'eve' }, 'owner'],
      ['an array body', [1, 2], 'body'],
      ['an opening balance for nobody named', { initialBalanceCents: 100 }, 'ownerId'],
    ])('refuses %s with 400 naming the field', async (_case, body, field) => {
      await expectRefused(
        () => call(url, 'POST', '/wallets', body),
        400,
        'VALIDATION_FAILED',
        field,
      );
    });

    it('refuses malformed JSON with 400 MALFORMED_JSON', async () => {
      await expectRefused(
        () => call(url, 'POST', '/wallets', '{"walletId": '),
        400,
        'MALFORMED_JSON',
      );
    });
  });

  describe('GET /wallets/:walletId', () => {
    it('answers 404 WALLET_NOT_FOUND for an unknown wallet', async () => {
      const response = await bearerCall(url, 'GET', `/wallets/${uniqueName('missing')}`, token);
      expect(response.status).toBe(404);
      expect(errorCode(response)).toBe('WALLET_NOT_FOUND');
    });

    it('refuses an over-long id with 400 naming walletId', async () => {
      await expectRefused(
        () => bearerCall(url, 'GET', `/wallets/${'y'.repeat(101)}`, token),
        400,
        'VALIDATION_FAILED',
        'walletId',
      );
    });
  });

  describe('POST /wallets/:walletId/top-ups', () => {
    it('credits once per idempotency key: 201, then 200 with the same body', async () => {
      const walletId = uniqueName('w');
      await adminCall(url, 'POST', '/wallets', {
        walletId,
        ownerId: customer,
        initialBalanceCents: 100,
      });
      const request = { amountCents: 250, idempotencyKey: uniqueName('key') };
      const first = await adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, request);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ walletId, amountCents: 250, balanceAfterCents: 350 });
      const before = await rowCounts(db.pool);
      const repeat = await adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, request);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
      expect(await rowCounts(db.pool)).toEqual(before);
      expect(
        (await bearerCall<Wallet>(url, 'GET', `/wallets/${walletId}`, token)).body.balanceCents,
      ).toBe(350);
    });

    it('books a top-up in the ledger as a balanced group from the bank', async () => {
      const walletId = uniqueName('w');
      await bearerCall(url, 'POST', '/wallets', token, { walletId });
      const idempotencyKey = uniqueName('key');
      await adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, {
        amountCents: 70,
        idempotencyKey,
      });
      const { rows } = await db.pool.query(
        'SELECT account, amount_cents::int AS amount FROM ledger_entries WHERE entry_group = $1 ORDER BY amount',
        [`top-up:${idempotencyKey}`],
      );
      expect(rows).toEqual([
        { account: 'bank', amount: -70 },
        { account: `wallet:${walletId}`, amount: 70 },
      ]);
    });

    it('refuses a key reused for another amount or wallet with 409 IDEMPOTENCY_KEY_REUSED', async () => {
      const walletId = uniqueName('w');
      const otherWalletId = uniqueName('w');
      await bearerCall(url, 'POST', '/wallets', token, { walletId });
      await bearerCall(url, 'POST', '/wallets', token, { walletId: otherWalletId });
      const idempotencyKey = uniqueName('key');
      await adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, {
        amountCents: 10,
        idempotencyKey,
      });
      await expectRefused(
        () =>
          adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, {
            amountCents: 11,
            idempotencyKey,
          }),
        409,
        'IDEMPOTENCY_KEY_REUSED',
      );
      await expectRefused(
        () =>
          adminCall(url, 'POST', `/wallets/${otherWalletId}/top-ups`, {
            amountCents: 10,
            idempotencyKey,
          }),
        409,
        'IDEMPOTENCY_KEY_REUSED',
      );
    });

    it('answers 429 WALLET_BUSY with Retry-After while another holder has the wallet lock', async () => {
      const walletId = uniqueName('w');
      await adminCall(url, 'POST', '/wallets', {
        walletId,
        ownerId: customer,
        initialBalanceCents: 10,
      });
      const rival = new RedlockLock({ nodes: localTopology().redis });
      const lease = await rival.acquire(WalletLock.resourceOf(walletId), { ttlMs: 10_000 });
      try {
        await expectRefused(
          () =>
            adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, {
              amountCents: 10,
              idempotencyKey: uniqueName('key'),
            }),
          429,
          'WALLET_BUSY',
        );
        const response = await fetch(`${url}/wallets/${walletId}/top-ups`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-admin-token': testAdminToken },
          body: JSON.stringify({ amountCents: 10, idempotencyKey: uniqueName('key') }),
        });
        expect(response.headers.get('retry-after')).toBe('1');
      } finally {
        await lease.release();
        await rival.close();
      }
    });

    it('answers 404 WALLET_NOT_FOUND for an unknown wallet and books nothing', async () => {
      await expectRefused(
        () =>
          adminCall(url, 'POST', `/wallets/${uniqueName('missing')}/top-ups`, {
            amountCents: 10,
            idempotencyKey: uniqueName('key'),
          }),
        404,
        'WALLET_NOT_FOUND',
      );
    });

    it.each([
      ['a zero amount', { amountCents: 0 }, 'amountCents'],
      ['a negative amount', { amountCents: -5 }, 'amountCents'],
      ['a fractional amount', { amountCents: 2.5 }, 'amountCents'],
      ['a string amount', { amountCents: '10' }, 'amountCents'],
      ['a huge amount', { amountCents: 100_000_001 }, 'amountCents'],
      ['a missing amount', { amountCents: undefined }, 'amountCents'],
      ['a missing key', { idempotencyKey: undefined }, 'idempotencyKey'],
      ['an over-long key', { idempotencyKey: 'k'.repeat(101) }, 'idempotencyKey'],
      ['an unknown field', { note: 'gift' }, 'note'],
    ])('refuses %s with 400 naming the field', async (_case, change, field) => {
      const walletId = uniqueName('w');
      await adminCall(url, 'POST', '/wallets', {
        walletId,
        ownerId: customer,
        initialBalanceCents: 1,
      });
      const body = { amountCents: 10, idempotencyKey: uniqueName('key'), ...change };
      await expectRefused(
        () => adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, body),
        400,
        'VALIDATION_FAILED',
        field,
      );
    });
  });

  describe('GET /payments/:paymentId', () => {
    it('answers 404 PAYMENT_NOT_FOUND for an unknown payment', async () => {
      const response = await bearerCall(url, 'GET', `/payments/${uniqueName('missing')}`, token);
      expect(response.status).toBe(404);
      expect(errorCode(response)).toBe('PAYMENT_NOT_FOUND');
    });

    it('refuses an over-long id with 400 naming paymentId', async () => {
      await expectRefused(
        () => bearerCall(url, 'GET', `/payments/${'p'.repeat(101)}`, token),
        400,
        'VALIDATION_FAILED',
        'paymentId',
      );
    });
  });

  describe('/gateway', () => {
    it('changes latency and failure rate at run time and reports them per replica', async () => {
      const changed = await adminCall(url, 'PUT', '/gateway', { latencyMs: 7, failureRate: 0.25 });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ latencyMs: 7, failureRate: 0.25, scope: 'replica' });
      expect((await call(url, 'GET', '/gateway')).body).toEqual(changed.body);
      await adminCall(url, 'PUT', '/gateway', { latencyMs: 5, failureRate: 0 });
    });

    it.each([
      ['a latency above 10 s', { latencyMs: 10_001 }, 'latencyMs'],
      ['a negative latency', { latencyMs: -1 }, 'latencyMs'],
      ['a fractional latency', { latencyMs: 1.5 }, 'latencyMs'],
      ['a failure rate above 1', { failureRate: 1.5 }, 'failureRate'],
      ['a negative failure rate', { failureRate: -0.1 }, 'failureRate'],
      ['a string failure rate', { failureRate: '0.5' }, 'failureRate'],
      ['a missing latency', { latencyMs: undefined }, 'latencyMs'],
      ['an unknown field', { jitterMs: 3 }, 'jitterMs'],
    ])('refuses %s with 400 and keeps the settings', async (_case, change, field) => {
      const before = (await call(url, 'GET', '/gateway')).body;
      const response = await adminCall(url, 'PUT', '/gateway', {
        latencyMs: 5,
        failureRate: 0,
        ...change,
      });
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('VALIDATION_FAILED');
      expect(errorFields(response)).toContain(field);
      expect((await call(url, 'GET', '/gateway')).body).toEqual(before);
    });
  });

  describe('GET /audit and /openapi.json', () => {
    it('reports every payment invariant as holding', async () => {
      const response = await adminCall<AuditReport>(url, 'GET', '/audit');
      expect(response.status).toBe(200);
      expect(response.body.ok).toBe(true);
      expect(response.body.checks.map((check) => check.name)).toEqual([
        'no-negative-balance',
        'ledger-groups-balance',
        'ledger-total-zero',
        'balances-match-ledger',
        'payment-charged-at-most-once',
        'payment-status-matches-ledger',
      ]);
    });

    it('documents every endpoint in the OpenAPI document', async () => {
      const response = await call<{ paths: object }>(url, 'GET', '/openapi.json');
      expect(response.status).toBe(200);
      expect(Object.keys(response.body.paths).sort()).toEqual([
        '/audit',
        '/dev/tokens',
        '/gateway',
        '/payments/{paymentId}',
        '/wallets',
        '/wallets/{walletId}',
        '/wallets/{walletId}/top-ups',
      ]);
    });

    it('answers an unknown route with a JSON 404', async () => {
      const response = await call(url, 'DELETE', '/wallets');
      expect(response.status).toBe(404);
      expect(errorCode(response)).toBe('NOT_FOUND');
    });
  });
});
