import type { RequestListener } from 'node:http';
import {
  type EventServiceBase,
  type Logger,
  mountAuditRoute,
  withEarlyAnswers,
} from '@lockstep/service-kit';
import { auditInventory } from '../audit/inventory-audit.js';
import type { OrderIntake } from '../use-cases/order-intake.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { errorTable } from './error-table.js';
import { mountOrderRoutes } from './order-routes.js';
import { mountSkuRoutes } from './sku-routes.js';
import { soldOutGate } from './sold-out-gate.js';

/** What the HTTP entry point needs. */
export interface InventoryAppOptions {
  /** The kit's app builder (OpenAPI, /metrics, error table), from createEventServiceBase. */
  httpApp: EventServiceBase['httpApp'];
  logger: Logger;
  deps: ServiceDeps;
  /** POST /orders: fast path, coalescing, reservation. */
  orders: OrderIntake;
  /** Audit: how long past its expiry a hold may stay reserved, in ms. */
  staleHoldGraceMs: number;
}

/**
 * The kit's app with inventory's routes, documented in /openapi.json, behind the sold-out
 * gate that refuses orders of a known sold-out SKU before Express runs.
 */
export function createInventoryApp(options: InventoryAppOptions): RequestListener {
  const app = options.httpApp({
    description:
      'SKUs and their stock. Orders reserve units under a ZooKeeper lock of the SKU (stock ' +
      'writes fenced by the lock node czxid) and are confirmed or released by the payment outcome.',
    errors: errorTable,
    routes: (router, openapi) => {
      mountSkuRoutes(router, openapi, options.deps);
      mountOrderRoutes(router, openapi, options.deps, options.orders);
      mountAuditRoute(router, openapi, {
        service: 'inventory',
        summary: "Check inventory's invariants",
        description:
          'Always 200 when the checks ran: `ok` says whether every invariant holds. A failing ' +
          'invariant is a finding about the data, not a failure of this request.',
        run: () =>
          auditInventory(options.deps.pool, { staleHoldGraceMs: options.staleHoldGraceMs }),
      });
    },
  });
  return withEarlyAnswers(app, [soldOutGate(options.orders)], { logger: options.logger });
}
