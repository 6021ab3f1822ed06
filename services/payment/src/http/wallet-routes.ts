import { randomUUID } from 'node:crypto';
import { mountRoute, type OpenApiRegistry, requireAdmin } from '@lockstep/service-kit';
import type { Router } from 'express';
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
        'The initial balance is booked in the ledger as a transfer from the bank, so the ledger ' +
        "balances. Bank money is an operator's to give: a non-zero initialBalanceCents needs the " +
        'admin token in x-admin-token, as a top-up does; an empty wallet does not.',
      tags: ['wallets'],
      body: openWalletBody,
      responses: {
        201: walletResponse,
        401: 'ADMIN_TOKEN_REQUIRED or ADMIN_TOKEN_INVALID: a non-zero initialBalanceCents without the admin token',
        409: 'WALLET_EXISTS: a wallet with this id exists',
      },
    },
    async ({ body }, req, res) => {
      if ((body.initialBalanceCents ?? 0) > 0) requireAdmin(req);
      const wallet = await openWallet(
        deps,
        body.walletId ?? randomUUID(),
        body.initialBalanceCents ?? 0,
      );
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
      tags: ['wallets'],
      params: walletParams,
      responses: { 200: walletResponse, 404: 'WALLET_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      res.json(walletJson(await readWallet(deps, params.walletId)));
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
