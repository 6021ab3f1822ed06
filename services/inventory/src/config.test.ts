import { localTopology, portDefaults } from '@lockstep/infra-local';
import { loadConfig } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { inventoryConfigSchema, localZooKeeper } from './config.js';

describe('inventory config', () => {
  it("defaults ZOOKEEPER_CONNECT to the local stack's ZooKeeper from infra/ports.env", () => {
    expect(localZooKeeper).toBe(localTopology(portDefaults()).zookeeper);
  });

  it('needs only the database and Kafka; everything else has a default', () => {
    const config = loadConfig(inventoryConfigSchema, {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/inventory',
      KAFKA_BROKERS: '127.0.0.1:9192',
    });
    expect(config).toMatchObject({
      SERVICE_NAME: 'inventory',
      KAFKA_GROUP_ID: 'inventory',
      ORDER_LOCK_WAIT_MS: 2_000,
      RESERVATION_TTL_MS: 60_000,
      KAFKA_FROM_BEGINNING: true,
    });
  });
});
