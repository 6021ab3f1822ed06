import { mintDevelopmentToken, unboundedRequestStrings } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  forEachHostile,
  hostilePathSegments,
  hostileStrings,
  refusalCheck,
  testKafka,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentService } from '../src/service.ts';
import { type PaymentTestDatabase, paymentTestDatabase, rowCounts } from './support/database.ts';
import { startReplicas, stopReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-hostile-test');
let db: PaymentTestDatabase;
let started: Awaited<ReturnType<typeof startReplicas>>;
let url: string;
const walletId = uniqueName('hostile-w');
const owner = uniqueName('hostile-customer');
let token: string;

/** Refused requests change no row and no balance anywhere. */
const expectRefused = refusalCheck(() => rowCounts(db.pool));

/**
 * Control characters and over-long strings in every string the API takes, in the body, the
 * path and the query: each is a 400 VALIDATION_FAILED naming the field, and nothing changes.
 */
describe('payment: hostile input', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_hostile');
    started = await startReplicas(kafka, db.url, 1);
    url = (started.replicas[0] as PaymentService).url;
    token = await mintDevelopmentToken({ subject: owner, role: 'customer' });
    const opened = await adminCall(url, 'POST', '/wallets', {
      walletId,
      ownerId: owner,
      initialBalanceCents: 100,
    });
    expect(opened.status).toBe(201);
  });

  afterAll(async () => {
    await stopReplicas(kafka, started);
    await db?.drop();
  });

  it('POST /wallets refuses every hostile walletId with 400 naming it', async () => {
    await forEachHostile(hostileStrings(100), (value) =>
      expectRefused(
        () => bearerCall(url, 'POST', '/wallets', token, { walletId: value }),
        400,
        'VALIDATION_FAILED',
        'walletId',
      ),
    );
  });

  it('POST /wallets/:walletId/top-ups refuses every hostile idempotencyKey with 400 naming it', async () => {
    await forEachHostile(hostileStrings(100), (value) =>
      expectRefused(
        () =>
          adminCall(url, 'POST', `/wallets/${walletId}/top-ups`, {
            amountCents: 5,
            idempotencyKey: value,
          }),
        400,
        'VALIDATION_FAILED',
        'idempotencyKey',
      ),
    );
  });

  // Reads are the owner's (bearer token), top-ups the operator's (admin token): each is sent
  // with its credential, so the 400 is the input's and not a missing credential's.
  const pathRoutes = [
    { method: 'GET', path: (s: string) => `/wallets/${s}`, field: 'walletId' },
    { method: 'POST', path: (s: string) => `/wallets/${s}/top-ups`, field: 'walletId' },
    { method: 'GET', path: (s: string) => `/payments/${s}`, field: 'paymentId' },
  ];
  const send = (method: string, path: string, body: unknown) =>
    method === 'GET' ? bearerCall(url, method, path, token) : adminCall(url, method, path, body);

  for (const { method, path, field } of pathRoutes) {
    it(`${method} ${path(`:${field}`)} refuses every hostile ${field} with 400 naming it`, async () => {
      const body =
        method === 'POST' ? { amountCents: 5, idempotencyKey: uniqueName('k') } : undefined;
      await forEachHostile(hostilePathSegments(100), (segment) =>
        expectRefused(() => send(method, path(segment), body), 400, 'VALIDATION_FAILED', field),
      );
    });
  }

  it('a control character in a query parameter is refused even where the route reads no query', async () => {
    await expectRefused(
      () =>
        adminCall(url, 'POST', `/wallets/${walletId}/top-ups?ref=%00`, {
          amountCents: 5,
          idempotencyKey: uniqueName('k'),
        }),
      400,
      'VALIDATION_FAILED',
      'ref',
    );
    await expectRefused(() => adminCall(url, 'GET', '/audit?x=%7F'), 400, 'VALIDATION_FAILED', 'x');
  });

  it('every string the API accepts has a length bound in /openapi.json', async () => {
    const document = await call<Record<string, unknown>>(url, 'GET', '/openapi.json');
    expect(unboundedRequestStrings(document.body)).toEqual([]);
  });
});
