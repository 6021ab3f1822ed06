// Flash sale: a designer item with 50 pieces and a crowd of buyers arriving on a ramp. Every
// order reserves under the SKU's ZooKeeper lock; the audit then proves nothing was oversold,
// no wallet went negative and no order was assigned twice. SKUS=100 runs the 100-SKU variant:
// the same crowd spread over a hundred items of 50 pieces each.
import { settleAndAudit } from '../lib/audit.js';
import { rampThenHold, scenarioOptions } from '../lib/options.js';
import { placeOrder } from '../lib/orders.js';
import { classify, expectRefusals, reasonsOf } from '../lib/outcomes.js';
import { summaryWriter } from '../lib/report.js';
import { seedPartners, seedSkus, seedWallets } from '../lib/seed.js';
import { envNumber, settings, vusFor } from '../lib/settings.js';

const skuCount = envNumber('SKUS', 1);
const stockPerSku = envNumber('STOCK', 50);
const priceCents = 2_500;
const walletCount = envNumber('WALLETS', 100);
/** What POST /orders may refuse with, by status: a sold-out SKU, or its lock busy too long. */
const orderRefusals = { 409: ['SOLD_OUT'], 429: ['SKU_BUSY'] };
const refusals = reasonsOf(orderRefusals);
const expectedStatuses = expectRefusals(orderRefusals);

export const options = scenarioOptions(
  {
    buyers: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      stages: rampThenHold(settings.rate),
      ...vusFor(settings.rate),
    },
  },
  refusals,
);

export function setup() {
  const tag = `${settings.runTag}-fs`;
  const units = skuCount * stockPerSku;
  return {
    skus: seedSkus(tag, skuCount, stockPerSku, priceCents),
    // Every wallet can pay for every unit it could win, so payments fail only on a bug.
    wallets: seedWallets(tag, walletCount, priceCents * Math.min(units, 200)),
    // Enough riders near the city centre to carry every unit sold.
    partners: seedPartners(tag, Math.ceil(units / 100) + 1, 100),
  };
}

export default function buy(seeded) {
  classify('POST /orders', placeOrder(seeded, 1), orderRefusals);
}

export function teardown(seeded) {
  settleAndAudit(seeded);
}

export const handleSummary = summaryWriter(refusals, expectedStatuses);
