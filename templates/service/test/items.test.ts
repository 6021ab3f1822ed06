import { randomUUID } from 'node:crypto';
import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  type ApiResponse,
  adminCall,
  bearerCall,
  call,
  errorCode,
  expectOwnerOnly,
  refusalCheck,
  rowCounts,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Item } from '../src/index.ts';
import { type AcmeWidgetsDeployment, startDeployment } from './support/deployment.ts';

type ItemView = Omit<Item, 'fence'>;

/**
 * The HTTP entry point on two replicas: claims on one item from both at once, under the item's
 * guard; every claim settled through the outbox, Kafka and the consumer; the audit clean; and
 * every refusal answered with its code, writing nothing.
 */
describe('acme-widgets on two replicas', () => {
  let deployment: AcmeWidgetsDeployment;
  let urls: string[];
  // Claims are made and read with a customer's bearer token, minted by the development issuer.
  const claimant = uniqueName('claimant');
  let token: string;

  beforeAll(async () => {
    deployment = await startDeployment(2);
    urls = deployment.replicas.map((replica) => replica.url);
    token = await mintDevelopmentToken({ subject: claimant, role: 'customer' });
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  const url = (i: number) => urls[i % urls.length] ?? '';
  const readItem = async (itemId: string) =>
    (await call<ItemView>(url(1), 'GET', `/items/${itemId}`)).body;
  /** A request of the claimant's, to replica `i`. */
  const asClaimant = <B = unknown>(i: number, method: string, path: string, body?: unknown) =>
    bearerCall<B>(url(i), method, path, token, body);

  it('claims from both replicas at once take exactly the capacity, and the consumer settles every one', async () => {
    const itemId = uniqueName('item');
    expect((await adminCall(url(0), 'POST', '/items', { itemId, capacity: 10 })).status).toBe(201);
    const burst = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        asClaimant<Claim>(i, 'POST', `/items/${itemId}/claims`, { quantity: 1 }),
      ),
    );
    for (const response of burst.filter((r) => r.status !== 201)) {
      expect(['ITEM_EXHAUSTED', 'ITEM_BUSY']).toContain(errorCode(response));
    }
    // Then one at a time until the item refuses: no unit is lost or claimed twice.
    let made = burst.filter((r) => r.status === 201).length;
    for (;;) {
      const response = await asClaimant(made, 'POST', `/items/${itemId}/claims`, { quantity: 1 });
      if (response.status !== 201) {
        expect(errorCode(response)).toBe('ITEM_EXHAUSTED');
        break;
      }
      made += 1;
    }
    expect(made).toBe(10);
    await waitFor('every claim settled', async () => (await readItem(itemId)).settled === 10);
    expect(await readItem(itemId)).toEqual({ itemId, capacity: 10, claimed: 10, settled: 10 });
    const claim = burst.find((r) => r.status === 201)?.body;
    const read = await asClaimant<Claim>(1, 'GET', `/claims/${claim?.claimId}`);
    expect(read.body).toMatchObject({
      itemId,
      claimantId: claimant,
      quantity: 1,
      status: 'settled',
    });
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });

  it('answers bad input, unknown ids and a taken id with their codes, and writes nothing', async () => {
    const itemId = uniqueName('item');
    expect((await adminCall(url(0), 'POST', '/items', { itemId, capacity: 2 })).status).toBe(201);
    const counts = async () =>
      (
        await deployment.pool.query(
          `SELECT (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM claims)::int
           AS claims, (SELECT count(*) FROM outbox)::int AS outbox`,
        )
      ).rows[0];
    const before = await counts();
    const refusals: Array<[number, string, Promise<ApiResponse>]> = [
      [
        400,
        'VALIDATION_FAILED',
        adminCall(url(0), 'POST', '/items', { itemId: 'a b', capacity: 1 }),
      ],
      [409, 'ITEM_EXISTS', adminCall(url(1), 'POST', '/items', { itemId, capacity: 5 })],
      [404, 'ITEM_NOT_FOUND', call(url(0), 'GET', `/items/${uniqueName('none')}`)],
      [404, 'ITEM_NOT_FOUND', asClaimant(1, 'POST', '/items/none/claims', { quantity: 1 })],
      [400, 'VALIDATION_FAILED', asClaimant(0, 'POST', `/items/${itemId}/claims`, { quantity: 0 })],
      [409, 'ITEM_EXHAUSTED', asClaimant(1, 'POST', `/items/${itemId}/claims`, { quantity: 3 })],
      [400, 'VALIDATION_FAILED', asClaimant(0, 'GET', '/claims/not-a-uuid')],
      [404, 'CLAIM_NOT_FOUND', asClaimant(1, 'GET', `/claims/${randomUUID()}`)],
    ];
    for (const [status, code, request] of refusals) {
      const response = await request;
      expect({ status: response.status, code: errorCode(response) }).toEqual({ status, code });
    }
    expect(await counts()).toEqual(before);
  });

  it("claims are made with a customer's token and read by their claimant only; a refusal writes nothing", async () => {
    const itemId = uniqueName('item');
    expect((await adminCall(url(0), 'POST', '/items', { itemId, capacity: 5 })).status).toBe(201);
    const made = await asClaimant<Claim>(0, 'POST', `/items/${itemId}/claims`, { quantity: 1 });
    expect(made.status).toBe(201);
    const refused = refusalCheck(() => rowCounts(deployment.pool, ['processed_events']));
    // Reading a claim: its claimant's token only (every 401 and 403 case of the testkit check).
    await expectOwnerOnly(
      refused,
      url(1),
      { method: 'GET', path: `/claims/${made.body.claimId}` },
      { owner: claimant, role: 'customer', mint: mintDevelopmentToken },
    );
    // Making one: any customer may, for themselves; no token or a partner's token may not.
    const claimPath = `/items/${itemId}/claims`;
    const partner = await mintDevelopmentToken({ subject: claimant, role: 'partner' });
    await refused(() => call(url(0), 'POST', claimPath, { quantity: 1 }), 401, 'AUTH_REQUIRED');
    await refused(
      () => bearerCall(url(0), 'POST', claimPath, partner, { quantity: 1 }),
      403,
      'FORBIDDEN',
    );
  });

  it('documents every route in /openapi.json', async () => {
    const document = await call<{ paths: Record<string, unknown> }>(url(0), 'GET', '/openapi.json');
    expect(Object.keys(document.body.paths).sort()).toEqual([
      '/audit',
      '/claims/{claimId}',
      '/dev/tokens',
      '/items',
      '/items/{itemId}',
      '/items/{itemId}/claims',
    ]);
  });
});
