import type { Topology } from '../topology.js';
import type { FleetService } from './fleet-service.js';

/** The run-unique names a service's replicas share. */
export interface RunNames {
  /** Consumer group (and dedupe namespace) of the service's replicas. */
  groupId: string;
  /** Prefix for the service's leader elections and semaphores on shared ZooKeeper and etcd. */
  coordinationPrefix: string;
}

/**
 * Each service's settings for a fleet run: the local stack, names unique to the run, and short
 * timeouts so expired holds are swept while a test or a load run is still watching. Chosen
 * together: payment's Kafka session (10 s) stays above its wallet lock wait plus gateway
 * latency, as its config asks.
 */
export function serviceEnv(
  service: FleetService,
  topology: Topology,
  names: RunNames,
): Record<string, string> {
  switch (service) {
    case 'inventory':
      return {
        ZOOKEEPER_CONNECT: topology.zookeeper,
        ZOOKEEPER_SESSION_TIMEOUT_MS: '4000',
        // Shared ZooKeeper: a run's sweepers must only elect among themselves.
        SWEEPER_ELECTION: `${names.coordinationPrefix}-sweeper`,
        RESERVATION_TTL_MS: '30000',
        SWEEP_INTERVAL_MS: '1000',
        STALE_HOLD_GRACE_MS: '10000',
        KAFKA_FROM_BEGINNING: 'false',
      };
    case 'payment':
      return {
        REDIS_NODES: topology.redisForLocks.join(','),
        // Shared topics: requests of other runs name wallets that live in other databases.
        UNKNOWN_WALLET_POLICY: 'ignore',
        WALLET_LOCK_TTL_MS: '2000',
        WALLET_LOCK_WAIT_MS: '3000',
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        GATEWAY_LATENCY_MS: '20',
      };
    case 'delivery-assignment':
      return {
        RETRY_INTERVAL_MS: '500',
        RETRY_BASE_DELAY_MS: '500',
        RETRY_MAX_DELAY_MS: '5000',
        KAFKA_FROM_BEGINNING: 'false',
      };
    case 'booking':
      return {
        ETCD_ENDPOINTS: topology.etcd,
        // Shared etcd: a run's sweepers and admission permits must only meet each other.
        SWEEPER_ELECTION: `${names.coordinationPrefix}-sweeper`,
        ADMISSION_SEMAPHORE: `${names.coordinationPrefix}-admission`,
        HOLD_TTL_MS: '30000',
        SWEEP_INTERVAL_MS: '1000',
        STALE_HOLD_GRACE_MS: '10000',
        KAFKA_FROM_BEGINNING: 'false',
      };
  }
}
