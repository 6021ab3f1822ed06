import { callerOf, mountRoute, type OpenApiRegistry, requireOwner } from '@lockstep/service-kit';
import type { Router } from 'express';
import type { OrderIntake } from '../use-cases/order-intake.js';
import { getOrder } from '../use-cases/read-order.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { clientGoneSignal } from './client-gone-signal.js';
import {
  createOrderBody,
  lockResponses,
  orderCreatedView,
  orderParams,
  orderView,
} from './schemas.js';
import { toOrderCreatedView, toOrderView } from './views.js';

/** POST /orders, GET /orders/:orderId. */
export function mountOrderRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: ServiceDeps,
  orders: OrderIntake,
) {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/orders',
      summary: 'Reserve units and start the payment',
      description:
        'Under the SKU lock (ZooKeeper), in one transaction: the availability check, the fenced ' +
        'stock write, the order and payment.requested. Orders for one SKU that arrive while its ' +
        'lock is pending or held are queued and served in arrival order under one acquisition ' +
        '(INVENTORY_COALESCING). A SKU seen sold out is answered 409 from memory for up to ' +
        'SOLD_OUT_RECHECK_MS, before the rest of the body is validated and before the bearer ' +
        'token is verified (a request without one still gets its 401): only sku and quantity ' +
        'are read, so an otherwise invalid order of a sold-out SKU gets 409, not 400. The hold ' +
        'lasts RESERVATION_TTL_MS; the payment outcome confirms or cancels it. The customer is ' +
        "the bearer token's subject; payment debits the wallet only if that customer owns it.",
      tags: ['orders'],
      roles: ['customer'],
      body: createOrderBody,
      responses: {
        201: orderCreatedView,
        400: 'VALIDATION_FAILED',
        404: 'SKU_NOT_FOUND',
        409: 'SOLD_OUT: fewer units available than asked for; nothing was reserved',
        429: `${lockResponses.busy}, or ORDER_QUEUE_LIMIT orders of the SKU already queued here`,
        503: lockResponses.unavailable,
      },
    },
    async ({ body }, req, res) => {
      const caller = callerOf(req);
      if (body.customerId !== undefined) requireOwner(caller, body.customerId);
      const order = await orders.place(
        { ...body, customerId: caller.subject },
        clientGoneSignal(res),
      );
      res.status(201).json(toOrderCreatedView(order));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/orders/:orderId',
      summary: 'Read an order',
      description: 'The customer who placed it only.',
      tags: ['orders'],
      roles: ['customer'],
      params: orderParams,
      responses: { 200: orderView, 404: 'ORDER_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const order = await getOrder(deps, params.orderId);
      requireOwner(callerOf(req), order.customerId);
      res.json(toOrderView(order));
    },
  );
}
