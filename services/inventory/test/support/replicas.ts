import { localTopology } from '@lockstep/infra-local';
import { loadConfig } from '@lockstep/service-kit';
import { startTestDeployment, type TestDeployment, uniqueName } from '@lockstep/testkit';
import { type InventoryService, inventoryConfigSchema, startService } from '../../src/index.ts';

/** A test's inventory deployment: its own database, N replicas, a pool for assertions. */
export type InventoryDeployment = TestDeployment<InventoryService>;

/**
 * Creates a database and starts `count` replicas on it, one after the other. Besides testkit's
 * names, the sweeper election is unique to the run, so runs sharing the servers never meet;
 * `env` overrides any key.
 */
export function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<InventoryDeployment> {
  const sweeperElection = uniqueName('inventory-sweeper');
  return startTestDeployment({
    service: 'inventory',
    count,
    startReplica: (slot) =>
      startService(
        loadConfig(inventoryConfigSchema, {
          ...slot.env,
          ZOOKEEPER_CONNECT: localTopology().zookeeper,
          ZOOKEEPER_SESSION_TIMEOUT_MS: '4000',
          SHUTDOWN_TIMEOUT_MS: '15000',
          SWEEPER_ELECTION: sweeperElection,
          ...env,
        }),
        { host: '127.0.0.1' },
      ),
  });
}
