// Peak hour: a dinner rush of everything at once. Orders (ZooKeeper SKU locks, then payment
// under Redlock and a rider by CAS), seat bookings (etcd locks), wallet top-ups (Redlock on the
// wallet, competing with the payments) and rider location updates (CAS on the same partner
// rows the assignments write). RATE is the total; each flow gets a fixed share of it.
import { settleAndAudit } from '../lib/audit.js';
import { sendJson } from '../lib/http-json.js';
import { scenarioOptions } from '../lib/options.js';
import { placeOrder } from '../lib/orders.js';
import { classify, expectRefusals, reasonsOf } from '../lib/outcomes.js';
import { summaryWriter } from '../lib/report.js';
import { city, near, pickOne, seedPartners, seedShow, seedSkus, seedWallets } from '../lib/seed.js';
import { envNumber, settings, vusFor } from '../lib/settings.js';

const shares = { orders: 0.4, bookings: 0.2, topUps: 0.2, locations: 0.2 };
const priceCents = 1_200;
// What each endpoint may refuse with, by status.
const orderRefusals = { 409: ['SOLD_OUT'], 429: ['SKU_BUSY'] };
const bookingRefusals = { 409: ['SEATS_TAKEN'], 429: ['SEATS_BUSY', 'ADMISSION_FULL'] };
const topUpRefusals = { 429: ['WALLET_BUSY'] };
const locationRefusals = { 429: ['PARTNER_CONTENDED'] };
const refusals = reasonsOf(orderRefusals, bookingRefusals, topUpRefusals, locationRefusals);
const expectedStatuses = expectRefusals(
  orderRefusals,
  bookingRefusals,
  topUpRefusals,
  locationRefusals,
);

function flow(exec, share) {
  const rate = Math.max(1, Math.round(settings.rate * share));
  return {
    executor: 'constant-arrival-rate',
    exec,
    rate,
    timeUnit: '1s',
    duration: settings.duration,
    ...vusFor(rate),
  };
}

export const options = scenarioOptions(
  {
    orders: flow('order', shares.orders),
    bookings: flow('booking', shares.bookings),
    topUps: flow('topUp', shares.topUps),
    locations: flow('moveRider', shares.locations),
  },
  refusals,
);

export function setup() {
  const tag = `${settings.runTag}-ph`;
  return {
    // A menu of 20 dishes, a few of which sell out during the rush.
    skus: seedSkus(tag, envNumber('SKUS', 20), envNumber('STOCK', 200), priceCents),
    wallets: seedWallets(tag, envNumber('WALLETS', 100), 200_000),
    partners: seedPartners(tag, envNumber('PARTNERS', 30), 100),
    shows: [seedShow(tag, 0, 20, 40, 900)],
  };
}

export function order(seeded) {
  const response = placeOrder(seeded, 1 + Math.floor(Math.random() * 2));
  classify('POST /orders', response, orderRefusals);
}

export function booking(seeded) {
  const row = String.fromCharCode(65 + Math.floor(Math.random() * 20));
  const first = 1 + Math.floor(Math.random() * 39);
  const seats = Math.random() < 0.5 ? [`${row}${first}`] : [`${row}${first}`, `${row}${first + 1}`];
  const viewer = pickOne(seeded.wallets);
  const response = sendJson(
    'booking',
    'POST',
    '/bookings',
    'POST /bookings',
    { showId: seeded.shows[0], seats, walletId: viewer.walletId },
    { token: viewer.token },
  );
  classify('POST /bookings', response, bookingRefusals);
}

export function topUp(seeded) {
  const wallet = pickOne(seeded.wallets).walletId;
  // A top-up is money from the bank, so an admin route: the run tops up as the operator.
  const response = sendJson(
    'payment',
    'POST',
    `/wallets/${wallet}/top-ups`,
    'POST /top-ups',
    { amountCents: 500, idempotencyKey: `${settings.runTag}-topup-${__VU}-${__ITER}` },
    { admin: true },
  );
  classify('POST /top-ups', response, topUpRefusals);
}

export function moveRider(seeded) {
  // A rider moves itself: the route takes the partner's own token.
  const partner = pickOne(seeded.partners);
  const response = sendJson(
    'delivery-assignment',
    'PUT',
    `/partners/${partner.partnerId}/location`,
    'PUT /partners/location',
    near(city, 0.04),
    { token: partner.token },
  );
  classify('PUT /partners/location', response, locationRefusals);
}

export function teardown(seeded) {
  settleAndAudit(seeded);
}

export const handleSummary = summaryWriter(refusals, expectedStatuses);
