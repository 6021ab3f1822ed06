import http from 'k6/http';
import { settings } from './settings.js';
import { firstReplicaOf } from './targets.js';

// setup() seeds every run's own data through the public APIs, in parallel batches, and stops
// the run if any of it is refused: a load test on half its data measures nothing.

// Seeding is the operator's: every route here is an admin route.
const headers = { 'content-type': 'application/json', 'x-admin-token': settings.adminToken };
const batchSize = 50;

/** Where the seeded partners stand and the orders are delivered (central Bengaluru). */
export const city = { lat: 12.9716, lng: 77.5946 };

function createAll(service, path, bodies) {
  const base = firstReplicaOf(service);
  for (let start = 0; start < bodies.length; start += batchSize) {
    const requests = bodies.slice(start, start + batchSize).map((body) => ({
      method: 'POST',
      url: `${base}${path(body)}`,
      body: JSON.stringify(body),
      params: { headers, timeout: '30s', tags: { name: `seed ${service}` } },
    }));
    const responses = http.batch(requests);
    responses.forEach((response, i) => {
      if (response.status !== 201) {
        throw new Error(
          `seeding ${service}: POST ${requests[i].url} answered ${response.status} ${response.body}`,
        );
      }
    });
  }
}

/** SKUs `<tag>-sku-<i>` with `stock` units each; returns their codes. */
export function seedSkus(tag, count, stock, priceCents) {
  const bodies = Array.from({ length: count }, (_, i) => ({
    sku: `${tag}-sku-${i}`,
    name: `Load test item ${i}`,
    priceCents,
    stock,
  }));
  createAll('inventory', () => '/skus', bodies);
  return bodies.map((body) => body.sku);
}

// Tokens outlive any run; k6 cannot sign ES256 itself, so setup() asks the development issuer.
const tokenTtlSeconds = 6 * 3600;

/**
 * Bearer tokens for `subjects` in `role`, from POST /dev/tokens on a payment replica (the
 * development issuer: an admin route, not mounted in production, signing with the public
 * development key the local replicas trust).
 */
function mintTokens(subjects, role) {
  const base = firstReplicaOf('payment');
  const tokens = [];
  for (let start = 0; start < subjects.length; start += batchSize) {
    const responses = http.batch(
      subjects.slice(start, start + batchSize).map((subject) => ({
        method: 'POST',
        url: `${base}/dev/tokens`,
        body: JSON.stringify({ subject, role, ttlSeconds: tokenTtlSeconds }),
        params: { headers, timeout: '30s', tags: { name: 'seed tokens' } },
      })),
    );
    for (const response of responses) {
      if (response.status !== 201) {
        throw new Error(
          `minting tokens: POST /dev/tokens answered ${response.status} ${response.body}`,
        );
      }
      tokens.push(response.json('token'));
    }
  }
  return tokens;
}

/**
 * Customers `<tag>-customer-<i>`, each owning wallet `<tag>-wallet-<i>` opened with
 * `balanceCents`; returns `{ walletId, token }` per customer, the token being the customer's
 * bearer token (payment debits a wallet only for its owner).
 */
export function seedWallets(tag, count, balanceCents) {
  const bodies = Array.from({ length: count }, (_, i) => ({
    walletId: `${tag}-wallet-${i}`,
    ownerId: `${tag}-customer-${i}`,
    initialBalanceCents: balanceCents,
  }));
  createAll('payment', () => '/wallets', bodies);
  const tokens = mintTokens(
    bodies.map((body) => body.ownerId),
    'customer',
  );
  return bodies.map((body, i) => ({ walletId: body.walletId, token: tokens[i] }));
}

/**
 * Partners `<tag>-partner-<i>` spread within a few km of the city centre; returns
 * `{ partnerId, token }` each, the token being the partner's own bearer token.
 */
export function seedPartners(tag, count, capacity) {
  const bodies = Array.from({ length: count }, (_, i) => ({
    partnerId: `${tag}-partner-${i}`,
    name: `Rider ${i}`,
    ...near(city, 0.02),
    capacity,
  }));
  createAll('delivery-assignment', () => '/partners', bodies);
  const tokens = mintTokens(
    bodies.map((body) => body.partnerId),
    'partner',
  );
  return bodies.map((body, i) => ({ partnerId: body.partnerId, token: tokens[i] }));
}

/** One show `<tag>-show-<i>` with `rows` x `seatsPerRow` seats; returns its id. */
export function seedShow(tag, i, rows, seatsPerRow, priceCents) {
  const body = {
    showId: `${tag}-show-${i}`,
    title: `Load test show ${i}`,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    priceCents,
    rows,
    seatsPerRow,
  };
  createAll('booking', () => '/shows', [body]);
  return body.showId;
}

/** A point within `spread` degrees of `centre`. */
export function near(centre, spread) {
  return {
    lat: centre.lat + (Math.random() - 0.5) * spread,
    lng: centre.lng + (Math.random() - 0.5) * spread,
  };
}

/** A random element of a non-empty array. */
export function pickOne(items) {
  return items[Math.floor(Math.random() * items.length)];
}
