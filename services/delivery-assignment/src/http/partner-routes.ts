import { callerOf, mountRoute, type OpenApiRegistry, requireOwner } from '@lockstep/service-kit';
import type { Router } from 'express';
import { readPartner, registerPartner, relocatePartner } from '../use-cases/partners.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import {
  LocationBody,
  NewPartnerBody,
  PartnerParams,
  PartnerView,
  partnerView,
} from './schemas.js';

const tags = ['partners'];

/** POST /partners, GET /partners/:id, PUT /partners/:id/location. */
export function partnerRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/partners',
      summary: 'Register a delivery partner',
      description:
        'Starts with no deliveries (active 0) at version 0. The id is generated when not given. ' +
        "Signing up partners is the operator's: an admin route.",
      tags,
      admin: true,
      body: NewPartnerBody,
      responses: { 201: PartnerView, 409: 'PARTNER_EXISTS: a partner with this id exists' },
    },
    async ({ body }, _req, res) => {
      res.status(201).json(partnerView(await registerPartner(deps, body)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/partners/:id',
      summary: 'Read a partner, with its load and version',
      description: "The partner's own token only (its location is not for others to read).",
      tags,
      roles: ['partner'],
      params: PartnerParams,
      responses: { 200: PartnerView, 404: 'PARTNER_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      requireOwner(callerOf(req), params.id);
      res.json(partnerView(await readPartner(deps, params.id)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'put',
      path: '/partners/:id/location',
      summary: "Move a partner (compare-and-swap on the partner's version)",
      description:
        "Races with claims on the same partner are resolved by the version: the loser re-reads and retries, so neither the move nor a capacity change is lost. The partner's own token only.",
      tags,
      roles: ['partner'],
      params: PartnerParams,
      body: LocationBody,
      responses: {
        200: PartnerView,
        404: 'PARTNER_NOT_FOUND',
        429: 'PARTNER_CONTENDED: every compare-and-swap attempt lost; retry after Retry-After',
      },
    },
    async ({ params, body }, req, res) => {
      requireOwner(callerOf(req), params.id);
      res.json(partnerView(await relocatePartner(deps, params.id, body)));
    },
  );
}
