import { createRowGuard, defineEventService } from '@lockstep/service-kit';
import { auditItems } from './audit/item-audit.js';
import type { AcmeWidgetsConfig } from './config.js';
import { itemEventHandlers } from './consumers/item-events-consumer.js';
import { itemClaimed, itemsTopic } from './domain/item-events.js';
import { errorTable } from './http/error-table.js';
import { mountItemRoutes } from './http/item-routes.js';
import { itemRows } from './use-cases/item-guard.js';

/**
 * Starts one replica. Components start in this order and stop in reverse: the kit's skeleton
 * (Postgres, created if missing and migrated; Kafka with the topic ensured; the outbox relay),
 * the item guard's lock backend (if the strategy has one), the consumer, HTTP: the item routes
 * and GET /audit (every invariant with pass/fail and counts), documented in /openapi.json.
 */
export const startService = defineEventService({
  migrationsDir: new URL('../migrations', import.meta.url),
  topics: [{ topic: itemsTopic, partitions: 6 }],
  build: (base, config: AcmeWidgetsConfig) => {
    const itemGuard = createRowGuard('{{lock}}', config, base, itemRows);
    const deps = { pool: base.db.pool, itemGuard, wakeRelay: () => base.relay.wake() };
    base.consume('item-events-consumer', [itemClaimed], itemEventHandlers);
    const app = base.httpApp({
      description:
        "Items with a capacity, claimed under the item's {{lock}} guard and settled by a consumer.",
      routes: (router, openapi) => mountItemRoutes(router, openapi, deps),
      errors: errorTable,
      audit: () => auditItems(deps.pool, { staleClaimGraceMs: config.STALE_CLAIM_GRACE_MS }),
    });
    return { app };
  },
});
