import { callerOf, mountRoute, type OpenApiRegistry, requireOwner } from '@lockstep/service-kit';
import type { Router } from 'express';
import { claimItem } from '../use-cases/claim-item.js';
import { createItem, getClaim, getItem } from '../use-cases/manage-items.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import {
  claimBody,
  claimParams,
  claimView,
  createItemBody,
  itemParams,
  itemView,
  toClaimView,
  toItemView,
} from './schemas.js';

/** POST /items, GET /items/:itemId, POST /items/:itemId/claims, GET /claims/:claimId. */
export function mountItemRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps) {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/items',
      summary: 'Create an item',
      description: "Seeding is the operator's: an admin route (x-admin-token).",
      tags: ['items'],
      admin: true,
      body: createItemBody,
      responses: { 201: itemView, 400: 'VALIDATION_FAILED', 409: 'ITEM_EXISTS' },
    },
    async ({ body }, _req, res) => {
      res.status(201).json(toItemView(await createItem(deps, body.itemId, body.capacity)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/items/:itemId',
      summary: 'Read an item',
      tags: ['items'],
      params: itemParams,
      responses: { 200: itemView, 400: 'VALIDATION_FAILED', 404: 'ITEM_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      res.json(toItemView(await getItem(deps, params.itemId)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/items/:itemId/claims',
      summary: 'Claim units of an item',
      description:
        "Under the item's guard, in one transaction: the capacity checked, the claimed count " +
        'written fenced, the claim, and item.claimed in the outbox. The consumer settles it. ' +
        "The claim is the customer's whose bearer token made it.",
      tags: ['items'],
      roles: ['customer'],
      params: itemParams,
      body: claimBody,
      responses: {
        201: claimView,
        400: 'VALIDATION_FAILED',
        404: 'ITEM_NOT_FOUND',
        409: 'ITEM_EXHAUSTED: details.left says how many units are left; nothing was claimed',
        429: 'ITEM_BUSY: the item stayed locked for the whole wait; retry after Retry-After',
        503: 'LOCK_UNAVAILABLE, LOCK_LOST or FENCE_REJECTED: nothing was written; retry',
      },
    },
    async ({ params, body }, req, res) => {
      const claimant = callerOf(req).subject;
      res
        .status(201)
        .json(toClaimView(await claimItem(deps, params.itemId, claimant, body.quantity)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/claims/:claimId',
      summary: 'Read a claim',
      description: 'Only its claimant may: 403 FORBIDDEN for any other customer.',
      tags: ['items'],
      roles: ['customer'],
      params: claimParams,
      responses: { 200: claimView, 400: 'VALIDATION_FAILED', 404: 'CLAIM_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const claim = await getClaim(deps, params.claimId);
      requireOwner(callerOf(req), claim.claimantId);
      res.json(toClaimView(claim));
    },
  );
}
