import { cents } from '@lockstep/contracts';
import { identifier } from '@lockstep/service-kit';
import { z } from 'zod';
import { gatewayLimits } from '../gateway/simulated-gateway.js';

/**
 * Request and response schemas of the HTTP API. Requests are strict (unknown fields are a
 * 400 naming them) and every number and string is bounded, so no input reaches SQL unchecked;
 * ids are the kit's identifiers (no control characters).
 */

/** Path parameter of wallet routes. */
export const walletParams = z.object({ walletId: identifier() });

/** Path parameter of payment routes. */
export const paymentParams = z.object({ paymentId: identifier() });

/** POST /wallets. */
export const openWalletBody = z
  .strictObject({
    walletId: identifier().optional().describe('Wallet id; a UUID is generated when omitted.'),
    ownerId: identifier()
      .optional()
      .describe(
        "The customer the wallet is for: the operator's way to open (and fund) a wallet, so it " +
          "needs the admin token. Omitted: the wallet is the bearer token's customer's.",
      ),
    initialBalanceCents: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .optional()
      .describe(
        'Opening balance in cents (default 0), booked in the ledger as a top-up from the bank. ' +
          "Bank money is the operator's to give: a non-zero balance needs ownerId and the admin token.",
      ),
  })
  .refine((body) => (body.initialBalanceCents ?? 0) === 0 || body.ownerId !== undefined, {
    error: 'an opening balance is given by the operator for a named owner: set ownerId',
    path: ['ownerId'],
  });

/** POST /wallets/:walletId/top-ups. */
export const topUpBody = z.strictObject({
  amountCents: cents.describe('Cents to add, 1..100 000 000.'),
  idempotencyKey: identifier().describe(
    'Caller-chosen key; repeating a request with the same key has no second effect.',
  ),
});

/** PUT /gateway. */
export const gatewayBody = z.strictObject({
  latencyMs: z.number().int().min(0).max(gatewayLimits.maxLatencyMs),
  failureRate: z.number().min(0).max(1),
});

/** A wallet as answered. */
export const walletResponse = z.object({
  walletId: z.string(),
  ownerId: z.string().nullable().describe('The customer it belongs to.'),
  balanceCents: z.number().int(),
  createdAt: z.string().describe('ISO 8601'),
});

/** A top-up as answered (the same body on the first request and on every repeat). */
export const topUpResponse = z.object({
  walletId: z.string(),
  idempotencyKey: z.string(),
  amountCents: z.number().int(),
  balanceAfterCents: z.number().int().describe('The balance right after this top-up.'),
  createdAt: z.string().describe('ISO 8601'),
});

/** A payment as answered. */
export const paymentResponse = z.object({
  paymentId: z.string(),
  walletId: z.string(),
  amountCents: z.number().int(),
  reference: z.object({ kind: z.enum(['order', 'booking']), id: z.string() }),
  status: z.enum(['completed', 'failed', 'refunded']),
  failureReason: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
});

/** The gateway settings of the replica that answered. */
export const gatewayResponse = z.object({
  latencyMs: z.number().int(),
  failureRate: z.number(),
  scope: z.literal('replica').describe('Settings live in each replica; set every replica.'),
});
