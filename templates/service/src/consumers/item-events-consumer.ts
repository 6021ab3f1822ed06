import type { EventHandlers } from '@lockstep/events';
import type { itemClaimed } from '../domain/item-events.js';
import { acmeWidgetsMetrics } from '../telemetry/service-metrics.js';
import { settleClaim } from '../use-cases/settle-claim.js';

/**
 * The item-events consumer's handlers (service.ts adds it with the kit's `consume`): each
 * item.claimed settles its claim in the transaction that records the event as processed.
 */
export const itemEventHandlers: EventHandlers<typeof itemClaimed> = {
  'item.claimed': async (event, tx, delivery) => {
    if ((await settleClaim(tx, event.payload.claimId)) === 'settled') {
      delivery.afterCommit(() => acmeWidgetsMetrics.sagaOutcome('claim', 'settled'));
    }
  },
};
