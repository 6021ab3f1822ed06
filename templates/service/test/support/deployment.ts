import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@lockstep/events';
import { loadConfig, type RunningService } from '@lockstep/service-kit';
import { startTestDeployment, type TestDeployment } from '@lockstep/testkit';
import { acmeWidgetsConfigSchema, itemClaimed, itemsTopic, startService } from '../../src/index.ts';

/** A test's deployment: its own database, N replicas on it, a pool for assertions. */
export type AcmeWidgetsDeployment = TestDeployment<RunningService>;

/**
 * Starts `count` replicas on a new database, on the local stack (the lock backend's defaults
 * are its addresses), with a consumer group unique to the run positioned at the end of the
 * shared topic, so earlier runs' events are never read.
 */
export function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<AcmeWidgetsDeployment> {
  return startTestDeployment({
    service: 'acme-widgets',
    count,
    startReplica: (slot) =>
      startService(loadConfig(acmeWidgetsConfigSchema, { ...slot.env, ...env }), {
        host: '127.0.0.1',
      }),
    // A claim no database has: settled with no effect, and its offset committed.
    primer: {
      topic: itemsTopic,
      primer: () =>
        createEnvelope(itemClaimed, { claimId: randomUUID(), itemId: 'primer', quantity: 1 }),
    },
  });
}
