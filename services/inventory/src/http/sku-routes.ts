import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { createSku, getSku, restockSku } from '../use-cases/manage-skus.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { createSkuBody, lockResponses, restockBody, skuParams, skuView } from './schemas.js';
import { toSkuView } from './views.js';

/** POST /skus, GET /skus/:sku, POST /skus/:sku/restock. */
export function mountSkuRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps) {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/skus',
      summary: 'Create a SKU with its initial stock',
      description: "Catalogue and stock are the operator's: an admin route.",
      tags: ['skus'],
      admin: true,
      body: createSkuBody,
      responses: {
        201: skuView,
        400: 'VALIDATION_FAILED: a field is missing, unknown or out of range',
        409: 'SKU_EXISTS: a SKU with this code exists',
      },
    },
    async ({ body }, _req, res) => {
      res.status(201).json(toSkuView(await createSku(deps, body)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/skus/:sku',
      summary: 'Read a SKU and its stock',
      tags: ['skus'],
      params: skuParams,
      responses: { 200: skuView, 404: 'SKU_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      res.json(toSkuView(await getSku(deps, params.sku)));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/skus/:sku/restock',
      summary: 'Add units to a SKU',
      description:
        'An admin route. Under the SKU lock (ZooKeeper); the stock write is fenced by its token.',
      tags: ['skus'],
      admin: true,
      params: skuParams,
      body: restockBody,
      responses: {
        200: skuView,
        400: 'VALIDATION_FAILED',
        404: 'SKU_NOT_FOUND',
        409: 'STOCK_LIMIT: the SKU would exceed the most units one SKU may stock',
        429: lockResponses.busy,
        503: lockResponses.unavailable,
      },
    },
    async ({ params, body }, _req, res) => {
      res.json(toSkuView(await restockSku(deps, params.sku, body.quantity)));
    },
  );
}
