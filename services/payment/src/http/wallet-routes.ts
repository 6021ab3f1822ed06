import { randomUUID } from 'node:crypto';
import {
  authenticate,
  callerOf,
  mountRoute,
  type OpenApiRegistry,
  requireAdmin,
  requireOwner,
} from '@lockstep/service-kit';
import type { Request, Router } from 'express';
import type { TopUp, Wallet } from '../domain/types.js';
import { openWallet } from '../use-cases/open-wallet.js';
import { readWallet } from '../use-cases/read-wallet.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { topUpWallet } from '../use-cases/top-up-wallet.js';
import {
  openWalletBody,
  topUpBody,
  topUpResponse,
  walletParams,
  walletResponse,
} from './schemas.js';

function walletJson(wallet: Wallet) {
  return {
    walletId: wallet.walletId,
    ownerId: wallet.ownerId,
    balanceCents: wallet.balanceCents,
    createdAt: wallet.createdAt.toISOString(),
  };
}

function topUpJson(topUp: TopUp) {
  return {
    walletId: topUp.walletId,
    idempotencyKey: topUp.idempotencyKey,
    amountCents: topUp.amountCents,
    balanceAfterCents: topUp.balanceAfterCents,
    createdAt: topUp.createdAt.toISOString(),
  };
}

/**
 * Whose wallet POST /wallets opens: the operator's pick (`ownerId`, with the admin token, the
 * only way to an opening balance), else the bearer token's customer's. Checked after
 * validation, since the body decides which credential is needed.
 */
async function ownerOfNewWallet(req: Request, ownerId: string | undefined): Promise<string> {
  if (ownerId !== undefined) {
    requireAdmin(req);
    return ownerId;
  }
  return (await authenticate(req, ['customer'])).subject;
}

/** POST /wallets, GET /wallets/:walletId, POST /wallets/:walletId/top-ups. */
export function walletRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/wallets',
      summary: 'Open a wallet',
      description:
        "A customer opens an empty wallet of their own with their bearer token (the token's " +
        'subject owns it). The operator opens a wallet for a named ownerId with the admin token ' +
        'in x-admin-token, and only the operator can give it an opening balance, booked in the ' +
        'ledger as a transfer from the bank, as a top-up is.',
      tags: ['wallets'],
      body: openWalletBody,
      responses: {
        201: walletResponse,
        401:
          'AUTH_REQUIRED or AUTH_INVALID without ownerId (a customer bearer token is needed); ' +
          'ADMIN_TOKEN_REQUIRED or ADMIN_TOKEN_INVALID with ownerId (the admin token is needed)',
        403: 'FORBIDDEN: a partner token',
        409: 'WALLET_EXISTS: a wallet with this id exists',
      },
    },
    async ({ body }, req, res) => {
      const wallet = await openWallet(deps, {
        walletId: body.walletId ?? randomUUID(),
        ownerId: await ownerOfNewWallet(req, body.ownerId),
        initialBalanceCents: body.initialBalanceCents ?? 0,
      });
      res.status(201).json(walletJson(wallet));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/wallets/:walletId',
      summary: 'Read a wallet and its balance',
      description: "The owner's bearer token only; anyone else's is 403.",
      tags: ['wallets'],
      roles: ['customer'],
      params: walletParams,
      responses: { 200: walletResponse, 404: 'WALLET_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const wallet = await readWallet(deps, params.walletId);
      requireOwner(callerOf(req), wallet.ownerId);
      res.json(walletJson(wallet));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/wallets/:walletId/top-ups',
      summary: 'Add money to a wallet, once per idempotency key',
      description:
        'Money from the bank, so an admin route. Runs under the wallet Redlock (it changes the balance). 201 when booked; 200 with the same body when the key was already booked.',
      tags: ['wallets'],
      admin: true,
      params: walletParams,
      body: topUpBody,
      responses: {
        201: topUpResponse,
        200: topUpResponse,
        404: 'WALLET_NOT_FOUND',
        409: 'IDEMPOTENCY_KEY_REUSED (key used for another wallet or amount) or BALANCE_LIMIT_EXCEEDED',
        429: 'WALLET_BUSY: the wallet lock stayed taken; retry after Retry-After',
        503: 'LOCK_UNAVAILABLE or WALLET_LEASE_LOST: nothing was booked; retry with the same key',
      },
    },
    async ({ params, body }, _req, res) => {
      const result = await topUpWallet(deps, { walletId: params.walletId, ...body });
      res.status(result.created ? 201 : 200).json(topUpJson(result.topUp));
    },
  );
}
