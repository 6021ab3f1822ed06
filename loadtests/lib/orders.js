// The order every order-placing scenario sends: a random seeded buyer, with their token, orders
// a random seeded SKU delivered near the city centre.
import { sendJson } from './http-json.js';
import { city, near, pickOne } from './seed.js';

/** POST /orders of `quantity` units for a random buyer and SKU from setup()'s `seeded`. */
export function placeOrder(seeded, quantity) {
  const buyer = pickOne(seeded.wallets);
  return sendJson(
    'inventory',
    'POST',
    '/orders',
    'POST /orders',
    {
      sku: pickOne(seeded.skus),
      quantity,
      walletId: buyer.walletId,
      deliverTo: near(city, 0.05),
    },
    { token: buyer.token },
  );
}
