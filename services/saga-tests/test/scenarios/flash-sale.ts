import { errorCode } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../support/map-limit.ts';
import { runScopedName } from '../support/run-names.ts';
import {
  near,
  type OrderView,
  type PaymentView,
  randomServiceArea,
} from '../support/saga-client.ts';
import type { SagaContext } from '../support/saga-context.ts';

const units = 50;
const priceCents = 1_000;
const buyers = 2_000;
const inFlight = 200;
/** Three buyers in ten cannot pay for one unit. */
const isPoor = (buyer: number) => buyer % 10 < 3;
const richBalance = 5 * priceCents;
const poorBalance = priceCents / 2;
const partners = 20;
const partnerCapacity = 5;

/** One buyer's reservation (a 201). */
interface Reservation {
  orderId: string;
  buyer: number;
  at: number;
}

/**
 * The flash sale of issue 4's proof, end to end: 2,000 buyers race through both inventory
 * replicas for 50 units of one SKU; payment charges their wallets under a Redlock, three in
 * ten of which cannot pay; delivery-assignment claims a partner for every confirmed order by CAS.
 */
export function flashSaleScenario(context: () => SagaContext): void {
  describe('flash sale through inventory, payment and delivery-assignment (two replicas each)', () => {
    it('2,000 buyers for 50 units: paid = confirmed = sold <= 50, everyone else refused or released, every sale delivered, audit clean', async () => {
      const { deployment, saga } = context();
      const t0 = Date.now();
      const sku = runScopedName(deployment.runId, 'FLASH').toUpperCase();
      const area = randomServiceArea();
      const walletOf = (buyer: number) => runScopedName(deployment.runId, 'flash-w', buyer);
      const customerOf = (buyer: number) => runScopedName(deployment.runId, 'flash-c', buyer);
      const partnerOf = (p: number) => runScopedName(deployment.runId, 'flash-p', p);
      const answers = new Map<string, number>();
      const reservations: Reservation[] = [];
      const payments = new Map<string, PaymentView>();
      await saga.createSku(sku, units, priceCents);
      await saga.openWallets(
        Array.from({ length: buyers }, (_, buyer) => ({
          walletId: walletOf(buyer),
          ownerId: customerOf(buyer),
          balanceCents: isPoor(buyer) ? poorBalance : richBalance,
        })),
      );
      for (let p = 0; p < partners; p++) {
        await saga.addPartner(partnerOf(p), near(area, 3), partnerCapacity);
      }
      console.log(
        `[flash-sale] setup: SKU ${sku} x${units}, ${buyers} wallets (${Array.from({ length: buyers }, (_, b) => b).filter(isPoor).length} poor), ${partners} partners x${partnerCapacity} in ${Date.now() - t0} ms`,
      );

      // The sale: every buyer once, 200 in flight, alternating between the inventory replicas.
      const saleStart = Date.now();
      let answered = 0;
      await mapLimit(buyers, inFlight, async (buyer) => {
        let answer: string;
        try {
          const response = await saga.placeOrder(
            {
              sku,
              customerId: customerOf(buyer),
              walletId: walletOf(buyer),
              deliverTo: near(area, 3),
            },
            buyer,
          );
          answer = `${response.status} ${errorCode(response) ?? ''}`.trim();
          if (response.status === 201) {
            reservations.push({
              orderId: response.body.orderId,
              buyer,
              at: Date.now() - saleStart,
            });
          }
        } catch (error) {
          answer = `connection error ${(error as { code?: string }).code ?? String(error)}`;
        }
        answers.set(answer, (answers.get(answer) ?? 0) + 1);
        answered += 1;
        if (answered % 250 === 0) {
          console.log(
            `[flash-sale] ${answered}/${buyers} answered in ${Date.now() - saleStart} ms: ${JSON.stringify(Object.fromEntries(answers))}`,
          );
        }
      });
      const saleMs = Date.now() - saleStart;

      // Settlement: every reservation ends confirmed (paid) or cancelled (payment failed).
      const orders: Map<string, OrderView> = await saga.waitForTerminalOrders(
        reservations.map((r) => r.orderId),
        60_000,
        (open) => console.log(`[flash-sale] waiting for ${open} orders to settle`),
      );
      for (const { orderId } of reservations) {
        const payment = await saga.payment(orderId, payments.size);
        if (payment !== undefined) payments.set(orderId, payment);
      }
      const confirmed = reservations.filter((r) => orders.get(r.orderId)?.status === 'confirmed');
      const cancelled = reservations.filter((r) => orders.get(r.orderId)?.status === 'cancelled');
      const assignments = await saga.waitForAssignments(
        confirmed.map((r) => r.orderId),
        60_000,
      );
      const stock = await saga.sku(sku, 1);
      const loads = await Promise.all(
        Array.from({ length: partners }, (_, p) => saga.partner(partnerOf(p), p)),
      );
      const paid = [...payments.values()].filter((p) => p.status === 'completed');
      const resold = Math.max(0, reservations.length - units);
      console.log(
        `[flash-sale] ${buyers} buyers answered in ${saleMs} ms: ${JSON.stringify(Object.fromEntries(answers))}; ` +
          `reservations ${reservations.length} (last at ${Math.max(...reservations.map((r) => r.at))} ms; resold after a failed payment: ${resold}; left unsold: ${stock.available}), ` +
          `confirmed ${confirmed.length}, paid ${paid.length}, cancelled after a failed payment ${cancelled.length}, ` +
          `stock ${JSON.stringify(stock)}, assignments ${assignments.size}, ` +
          `partners' active sum ${loads.reduce((sum, p) => sum + p.active, 0)}; total ${Date.now() - t0} ms`,
      );

      // Every buyer was answered by the stock or the lock: no 5xx, no dropped connection.
      const allowed = ['201', '409 SOLD_OUT', '429 SKU_BUSY'];
      expect([...answers.keys()].filter((answer) => !allowed.includes(answer))).toEqual([]);
      expect(answers.get('201') ?? 0).toBe(reservations.length);
      expect(reservations.length).toBeGreaterThanOrEqual(units);
      // A unit is reserved a second time only after a failed payment put it back.
      expect(reservations.length).toBeLessThanOrEqual(units + cancelled.length);

      // Paid = confirmed = sold, never more than the stock.
      expect(confirmed.length + cancelled.length).toBe(reservations.length);
      expect(confirmed.length).toBeLessThanOrEqual(units);
      expect(paid.length).toBe(confirmed.length);
      expect(stock).toMatchObject({
        stocked: units,
        sold: confirmed.length,
        reserved: 0,
        available: units - confirmed.length,
      });
      for (const r of confirmed) {
        expect(isPoor(r.buyer)).toBe(false);
        expect(payments.get(r.orderId)).toMatchObject({
          status: 'completed',
          amountCents: priceCents,
        });
      }
      // The rest of the winners could not pay: payment refused them, inventory released the unit.
      for (const r of cancelled) {
        expect(isPoor(r.buyer)).toBe(true);
        expect(orders.get(r.orderId)?.reason).toBe('insufficient-funds');
        expect(payments.get(r.orderId)).toMatchObject({
          status: 'failed',
          failureReason: 'insufficient-funds',
        });
      }
      // Every rich winner was reserved and paid: none lost a paid unit.
      expect(reservations.filter((r) => !isPoor(r.buyer)).length).toBe(confirmed.length);

      // Each paid wallet was charged exactly once; refused wallets were not touched.
      const balances = await mapLimit(reservations.length, 16, async (i) => {
        const r = reservations[i] as Reservation;
        return { r, balance: await saga.balanceOf(walletOf(r.buyer), i) };
      });
      for (const { r, balance } of balances) {
        expect(balance).toBe(isPoor(r.buyer) ? poorBalance : richBalance - priceCents);
      }

      // The ledger, for the whole sale: only reservations reached payment, the merchant got one
      // price per confirmed order, and the wallets lost exactly that.
      const { rows: ledger } = await deployment.pool('payment').query<{
        payments: number;
        merchant: number;
        wallets: number;
      }>(
        `SELECT (SELECT count(*)::int FROM payments WHERE wallet_id LIKE $1) AS payments,
                (SELECT coalesce(sum(amount_cents), 0)::int FROM ledger_entries
                  WHERE account = 'merchant' AND kind = 'charge' AND payment_id = ANY($2)) AS merchant,
                (SELECT sum(balance_cents)::int FROM wallets WHERE id LIKE $1) AS wallets`,
        [`${runScopedName(deployment.runId, 'flash-w')}-%`, reservations.map((r) => r.orderId)],
      );
      const openingTotal = Array.from({ length: buyers }, (_, b) =>
        isPoor(b) ? poorBalance : richBalance,
      ).reduce((sum, cents) => sum + cents, 0);
      expect(ledger[0]).toEqual({
        payments: reservations.length,
        merchant: confirmed.length * priceCents,
        wallets: openingTotal - confirmed.length * priceCents,
      });

      // Every confirmed order has exactly one partner (one assignment per order, and the
      // partners' active counts add up to the orders), none over capacity.
      expect(assignments.size).toBe(confirmed.length);
      const partnerIds = new Set(loads.map((p) => p.partnerId));
      for (const assignment of assignments.values()) {
        expect(partnerIds.has(assignment.partnerId)).toBe(true);
      }
      expect(loads.reduce((sum, p) => sum + p.active, 0)).toBe(confirmed.length);
      for (const load of loads) expect(load.active).toBeLessThanOrEqual(load.capacity);

      // The invariants, as each replica of each service checks them.
      const audits = await saga.auditEveryReplica();
      expect(audits.filter((a) => !a.ok)).toEqual([]);
      expect(audits).toHaveLength(6);
    }, 150_000);
  });
}
