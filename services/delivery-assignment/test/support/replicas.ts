import { orderCancelled, Topics } from '@lockstep/contracts';
import { createEnvelope } from '@lockstep/events';
import { loadConfig } from '@lockstep/service-kit';
import { startTestDeployment, type TestDeployment, uniqueName } from '@lockstep/testkit';
import { configSchema, type DeliveryService, startService } from '../../src/index.ts';

/**
 * Replicas on one fresh database, in one consumer group of this run's own (also the dedupe and
 * dead-letter consumer name).
 */
export type DeliveryDeployment = TestDeployment<DeliveryService>;

/**
 * Starts `count` replicas the way production runs them (same config schema, one database, one
 * group), on port 0, reading only orders produced from now on (the shared `orders` topic holds
 * every earlier run's orders). `env` overrides defaults.
 */
export function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<DeliveryDeployment> {
  return startTestDeployment({
    service: 'delivery-assignment',
    count,
    startReplica: (slot) => startService(loadConfig(configSchema, { ...slot.env, ...env })),
    // order.cancelled is catalogued without a handler: skipped with no effect, offset committed.
    primer: {
      topic: Topics.orders,
      primer: () =>
        createEnvelope(orderCancelled, {
          orderId: uniqueName('primer'),
          sku: 'SKU-PRIMER',
          quantity: 1,
          reason: 'primes a test consumer group',
        }),
    },
  });
}

/** Sum of one counter over every replica. */
export function total(
  replicas: readonly DeliveryService[],
  counter: keyof DeliveryService['stats'],
): number {
  return replicas.reduce((sum, replica) => sum + replica.stats[counter], 0);
}

/**
 * Stops every replica's `orders` consumer, for a file that proves refused requests write
 * nothing and needs no order of its own. The `orders` topic is shared by every test run on the
 * machine, and delivery assigns any confirmed order near one of its riders: an order from a
 * saga or load test running beside this file would otherwise write between two snapshots.
 */
export async function stopOrderConsumers(deployment: DeliveryDeployment): Promise<void> {
  for (const replica of deployment.replicas) await replica.consumer.stop();
}
