import type { EarlyAnswerRoute } from '@lockstep/service-kit';
import { InventoryErrorCode, soldOutRefusal } from '../domain/inventory-errors.js';
import type { OrderIntake } from '../use-cases/order-intake.js';
import { domainStatuses } from './error-table.js';
import { createOrderBody } from './schemas.js';

const orderQuantity = createOrderBody.shape.quantity;

/**
 * POST /orders refused before Express when this replica already knows the SKU cannot serve
 * it: once a flash sale sells out, the flood that follows is answered from memory at close to
 * the cost of Node's HTTP server alone. Only `sku` and `quantity` are read, so a body that is
 * otherwise invalid is still refused as sold out; a `quantity` that the schema would refuse
 * goes on to the route and gets its 400. A request without a bearer token is left to the route
 * too, so it gets its 401: the gate does not verify the token (that is the slow part it
 * exists to skip), and its answer tells a caller holding something token-shaped no more than
 * GET /skus/:sku tells anyone.
 */
export function soldOutGate(orders: OrderIntake): EarlyAnswerRoute {
  return {
    path: '/orders',
    answer(body, req) {
      if (!/^Bearer \S/i.test(req.headers.authorization ?? '')) return undefined;
      if (typeof body !== 'object' || body === null) return undefined;
      const { sku, quantity } = body as { sku?: unknown; quantity?: unknown };
      // The route's own rule for quantity, so the gate never judges one the schema refuses.
      const parsed = orderQuantity.safeParse(quantity);
      if (typeof sku !== 'string' || !parsed.success) return undefined;
      const known = orders.knownShort(sku, parsed.data);
      if (known === undefined) return undefined;
      return {
        status: domainStatuses[InventoryErrorCode.SoldOut],
        ...soldOutRefusal(sku, parsed.data, known),
      };
    },
  };
}
