import { z } from 'zod';

/** Identifiers are opaque strings: UUIDs from the services, readable ids from seed data. */
export const id = z.string().min(1).max(100);

/** Money in integer cents: floats cannot represent cents exactly, and ledgers must balance. */
export const cents = z.number().int().positive().max(100_000_000);

/** A point on the map, for picking the nearest delivery partner. */
export const location = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});

/** What a payment pays for; the saga that requested it consumes its outcome. */
export const paymentReference = z.object({
  kind: z.enum(['order', 'booking']),
  id,
});

/**
 * The one currency every price, wallet and ledger of a deployment is kept in. lockstep is
 * single-currency: amounts are cents of this currency, and a payment event in another one is
 * not what any saga asked for (consumers dead-letter it as EVENT_MISMATCH). A fork that needs
 * several records the currency with each charge and compares against that instead.
 */
export const settlementCurrency = 'USD';

/** An ISO 4217 alphabetic currency code, e.g. `USD`. */
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD');
