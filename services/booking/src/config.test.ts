import { localTopology, portDefaults } from '@lockstep/infra-local';
import { loadConfig } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { bookingConfigSchema, localEtcd } from './config.js';

describe('booking config', () => {
  it("defaults ETCD_ENDPOINTS to the local stack's etcd from infra/ports.env", () => {
    expect(localEtcd).toBe(localTopology(portDefaults()).etcd);
  });

  it('needs only the database and Kafka; everything else has a default', () => {
    const config = loadConfig(bookingConfigSchema, {
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/booking',
      KAFKA_BROKERS: '127.0.0.1:9192',
    });
    expect(config).toMatchObject({
      SERVICE_NAME: 'booking',
      ETCD_ENDPOINTS: [localEtcd],
      KAFKA_GROUP_ID: 'booking',
      BOOKING_LOCK_WAIT_MS: 2_000,
      ADMISSION_PERMITS: 32,
      KAFKA_FROM_BEGINNING: true,
    });
  });

  it('refuses a seat lock TTL below the etcd lease minimum, naming the variable', () => {
    expect(() =>
      loadConfig(bookingConfigSchema, {
        DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/booking',
        KAFKA_BROKERS: '127.0.0.1:9192',
        SEAT_LOCK_TTL_MS: '500',
      }),
    ).toThrow(/SEAT_LOCK_TTL_MS/);
  });
});
