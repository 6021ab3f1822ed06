import { setTimeout as sleep } from 'node:timers/promises';
import { errorCode, waitFor } from '@lockstep/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScopedName } from '../support/run-names.ts';
import { type GeoPoint, near, randomServiceArea } from '../support/saga-client.ts';
import type { SagaContext } from '../support/saga-context.ts';

const priceCents = 1_000;
const openingBalance = 10 * priceCents;
/** Long enough to catch a payment replica waiting on the bank inside its wallet lock. */
const slowGatewayMs = 3_000;

/**
 * Issue 4's crash proof: a replica SIGKILLed inside its critical section. Its lock is not
 * released, its transaction never commits; the lock expires (Redlock TTL, ZooKeeper session),
 * the work completes on the other replica or is never done, and the books stay clean.
 */
export function replicaCrashScenario(context: () => SagaContext): void {
  describe('a replica SIGKILLed inside its critical section', () => {
    let area: GeoPoint;
    let buyers = 0;

    beforeAll(async () => {
      const { deployment, saga } = context();
      area = randomServiceArea();
      for (let p = 0; p < 3; p++) {
        await saga.addPartner(runScopedName(deployment.runId, 'crash-p', p), near(area, 2), 5);
      }
    }, 30_000);

    /** A new buyer of this run with a wallet that can pay. */
    async function newBuyer(): Promise<{ customerId: string; walletId: string }> {
      const { deployment, saga } = context();
      buyers += 1;
      const walletId = runScopedName(deployment.runId, 'crash-w', buyers);
      const customerId = runScopedName(deployment.runId, 'crash-c', buyers);
      await saga.openWallets([{ walletId, ownerId: customerId, balanceCents: openingBalance }]);
      return { customerId, walletId };
    }

    /**
     * The index of the payment replica inside a wallet lock, waiting on the gateway: its
     * consumer transaction sits idle after the last read before the bank call (charge-payment.ts).
     */
    async function paymentReplicaMidCharge(): Promise<number | undefined> {
      const { deployment } = context();
      const { rows } = await deployment.pool('payment').query<{ application_name: string }>(
        `SELECT application_name FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'idle in transaction'
           AND query LIKE '%FROM payments WHERE payment_id%'`,
      );
      const names = new Set(rows.map((row) => row.application_name));
      const index = [0, 1].findIndex((i) =>
        names.has(`payment-${deployment.instanceId(deployment.replica('payment', i))}`),
      );
      return index < 0 ? undefined : index;
    }

    it('payment: the replica charging under the wallet Redlock dies; the other charges exactly once and the order is confirmed and delivered', async () => {
      const { deployment, saga } = context();
      const t0 = Date.now();
      const sku = runScopedName(deployment.runId, 'PAYCRASH').toUpperCase();
      await saga.createSku(sku, 5, priceCents);
      const buyer = await newBuyer();
      await saga.setGateway(slowGatewayMs);

      const placed = await saga.placeOrder({ sku, ...buyer, deliverTo: near(area, 2) }, 0);
      expect(placed.status).toBe(201);
      const orderId = placed.body.orderId;
      const victimIndex = await waitFor(
        'a payment replica to hold the wallet lock mid-charge',
        () => paymentReplicaMidCharge(),
      );
      const victim = deployment.replica('payment', victimIndex);
      await victim.kill();
      const killedAt = Date.now();
      console.log(
        `[replica-crash] SIGKILLed ${victim.spec.name} inside the wallet lock of ${orderId}`,
      );
      // The survivor takes over once the victim's Kafka session (10 s) and lease (2 s) expire;
      // a fast bank now, so the proof does not also wait on the simulated latency.
      await saga.setGateway(20);

      const [order] = (await saga.waitForTerminalOrders([orderId], 60_000)).values();
      const settledMs = Date.now() - killedAt;
      expect(order).toMatchObject({ status: 'confirmed' });
      expect(await saga.payment(orderId)).toMatchObject({
        status: 'completed',
        amountCents: priceCents,
      });
      // Charged exactly once: the victim's uncommitted debit vanished with its transaction.
      expect(await saga.balanceOf(buyer.walletId)).toBe(openingBalance - priceCents);
      const assignments = await saga.waitForAssignments([orderId], 30_000);
      expect(assignments.get(orderId)?.partnerId).toBeDefined();
      expect(await saga.sku(sku)).toMatchObject({ sold: 1, reserved: 0, available: 4 });

      await deployment.replace('payment', victimIndex);
      const audits = await saga.auditEveryReplica();
      expect(audits.filter((audit) => !audit.ok)).toEqual([]);
      console.log(
        `[replica-crash] payment: order confirmed ${settledMs} ms after the kill, charged once, assigned to ${assignments.get(orderId)?.partnerId}; ${audits.length} audits clean; ${Date.now() - t0} ms`,
      );
    }, 120_000);

    it('inventory: the replica holding the SKU lock in POST /orders dies; its client sees a connection error, the lock goes with its ZooKeeper session, other buyers proceed', async () => {
      const { deployment, saga } = context();
      const t0 = Date.now();
      const sku = runScopedName(deployment.runId, 'INVCRASH').toUpperCase();
      await saga.createSku(sku, 5, priceCents);
      const victim = deployment.replica('inventory', 0);
      const victimBuyer = await newBuyer();
      const waitingBuyer = await newBuyer();
      const laterBuyer = await newBuyer();

      // Hold the SKU row so the victim, once it has the ZooKeeper lock, stops inside its
      // critical section (reserveOrder takes the row lock only under the SKU lock).
      const blocker = await deployment.pool('inventory').connect();
      let blocking = false;
      let victimAnswer: Promise<unknown> | undefined;
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM skus WHERE sku = $1 FOR UPDATE', [sku]);
        blocking = true;
        victimAnswer = saga
          .placeOrder({ sku, ...victimBuyer, deliverTo: near(area, 2) }, 0)
          .then((response) => ({ status: response.status, body: response.body }))
          .catch((error: { code?: string; message?: string }) => ({
            connectionError: error.code ?? error.message,
          }));
        await waitFor('the victim to wait for the SKU row while holding the SKU lock', async () => {
          const { rows } = await deployment.pool('inventory').query(
            `SELECT 1 FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = $1
               AND wait_event_type = 'Lock'`,
            [`inventory-${deployment.instanceId(victim)}`],
          );
          return rows.length > 0;
        });
        // A buyer on the other replica queues for the lock behind the victim.
        const waiting = saga.placeOrder({ sku, ...waitingBuyer, deliverTo: near(area, 2) }, 1);
        await sleep(300);
        await victim.kill();
        await blocker.query('ROLLBACK');
        blocking = false;
        const killedAt = Date.now();
        console.log(
          `[replica-crash] SIGKILLed ${victim.spec.name} inside the ZooKeeper lock of ${sku}`,
        );

        // The victim's client: the connection dropped, no answer.
        expect(await victimAnswer).toMatchObject({ connectionError: expect.any(String) });
        // The waiting buyer could not get the lock: its holder is dead but its session lives on.
        const waited = await waiting;
        expect(`${waited.status} ${errorCode(waited)}`).toBe('429 SKU_BUSY');

        // Buyers proceed once the session expires (4 s): retry on 429 as Retry-After says.
        let busy = 0;
        const retried = await waitFor(
          'a buyer on the surviving replica to reserve',
          async () => {
            const response = await saga.placeOrder(
              { sku, ...laterBuyer, deliverTo: near(area, 2) },
              1,
            );
            if (response.status === 429) busy += 1;
            return response.status === 201 ? response : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 250 },
        );
        const proceededMs = Date.now() - killedAt;
        const orderId = retried.body.orderId;
        const [order] = (await saga.waitForTerminalOrders([orderId], 60_000)).values();
        expect(order).toMatchObject({ status: 'confirmed' });
        await saga.waitForAssignments([orderId], 30_000);

        // Nothing of the victim's reservation survived: one unit sold, the victim's buyer has no
        // order, and the stock adds up.
        const { rows } = await deployment
          .pool('inventory')
          .query('SELECT count(*)::int AS n FROM orders WHERE customer_id = $1', [
            victimBuyer.customerId,
          ]);
        expect(rows[0]).toEqual({ n: 0 });
        expect(await saga.balanceOf(victimBuyer.walletId)).toBe(openingBalance);
        expect(await saga.sku(sku, 1)).toMatchObject({ sold: 1, reserved: 0, available: 4 });

        await deployment.replace('inventory', 0);
        expect(await saga.sku(sku, 0)).toMatchObject({ sold: 1, reserved: 0, available: 4 });
        const audits = await saga.auditEveryReplica();
        expect(audits.filter((audit) => !audit.ok)).toEqual([]);
        console.log(
          `[replica-crash] inventory: waiting buyer answered 429 SKU_BUSY, next reservation ${proceededMs} ms after the kill (${busy} more 429s), order confirmed and assigned; ${audits.length} audits clean; ${Date.now() - t0} ms`,
        );
      } finally {
        if (blocking) await blocker.query('ROLLBACK');
        blocker.release();
      }
    }, 120_000);
  });
}
