import { describe, expect, it } from 'vitest';
import { runScopedName } from '../support/run-names.ts';
import { near, randomServiceArea } from '../support/saga-client.ts';
import type { SagaContext } from '../support/saga-context.ts';

/**
 * Knowing a wallet id is not enough to spend from it. A customer orders with their own token
 * but names another customer's wallet: inventory cannot tell (it does not know wallets) and
 * reserves, payment refuses the charge because the wallet's owner is not the saga's customer,
 * and the order ends cancelled with wallet-not-owned: the victim's balance is untouched, the
 * unit goes back to stock, and the thief can read neither the wallet nor the payment.
 */
export function walletTheftScenario(context: () => SagaContext): void {
  describe("spending another customer's wallet", () => {
    it("an order naming someone else's wallet ends cancelled with wallet-not-owned, and the victim's balance is unchanged", async () => {
      const { deployment, http, saga } = context();
      const sku = runScopedName(deployment.runId, 'THEFT').toUpperCase();
      const victim = runScopedName(deployment.runId, 'theft-victim');
      const thief = runScopedName(deployment.runId, 'theft-thief');
      const victimWallet = runScopedName(deployment.runId, 'theft-victim-w');
      await saga.createSku(sku, 3, 400);
      await saga.openWallets([
        { walletId: victimWallet, ownerId: victim, balanceCents: 5_000 },
        {
          walletId: runScopedName(deployment.runId, 'theft-thief-w'),
          ownerId: thief,
          balanceCents: 0,
        },
      ]);

      const placed = await saga.placeOrder(
        { sku, customerId: thief, walletId: victimWallet, deliverTo: near(randomServiceArea(), 1) },
        0,
      );
      expect(placed.status).toBe(201);
      const { orderId } = placed.body;
      const [order] = (await saga.waitForTerminalOrders([orderId], 60_000)).values();
      expect(order).toMatchObject({
        status: 'cancelled',
        reason: 'wallet-not-owned',
        customerId: thief,
        walletId: victimWallet,
      });
      expect(await saga.balanceOf(victimWallet)).toBe(5_000);
      expect(await saga.sku(sku)).toMatchObject({ available: 3, reserved: 0, sold: 0 });

      // Nor does the thief learn anything about the wallet or the refused payment.
      const asThief = { headers: await saga.tokens.headers(thief, 'customer') };
      const payment = saga.urlFor('payment', 1);
      const wallet = await http.get(payment, `/wallets/${victimWallet}`, asThief);
      const refused = await http.get(payment, `/payments/${orderId}`, asThief);
      expect([wallet.status, refused.status]).toEqual([403, 403]);
    }, 90_000);
  });
}
