import { loadConfig } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { acmeWidgetsConfigSchema } from './config.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/acme_widgets',
  KAFKA_BROKERS: '127.0.0.1:9192',
};

describe('acme-widgets config', () => {
  it('needs only the database and Kafka; everything else, the lock backend too, has a default', () => {
    const config = loadConfig(acmeWidgetsConfigSchema, required);
    expect(config).toMatchObject({ SERVICE_NAME: 'acme-widgets', KAFKA_GROUP_ID: 'acme-widgets' });
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() =>
      loadConfig(acmeWidgetsConfigSchema, { ...required, STALE_CLAIM_GRACE_MS: 'soon' }),
    ).toThrow(/STALE_CLAIM_GRACE_MS/);
  });
});
