import { ConfigError, loadConfig } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { configSchema } from './config.js';

const required = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5442/delivery',
  KAFKA_BROKERS: '127.0.0.1:9192',
};

describe('delivery-assignment config', () => {
  it('the required variables alone give a working config with the documented defaults', () => {
    expect(loadConfig(configSchema, required)).toMatchObject({
      SERVICE_NAME: 'delivery-assignment',
      KAFKA_GROUP_ID: 'delivery-assignment',
      KAFKA_FROM_BEGINNING: true,
      CANDIDATE_LIMIT: 5,
      SERVICE_RADIUS_KM: 50,
      CAS_MAX_ATTEMPTS: 5,
    });
  });

  it('every key is described, so the schema documents the environment', () => {
    const undescribed = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.description)
      .map(([key]) => key);
    expect(undescribed).toEqual([]);
  });

  it('bad values are refused naming each variable', () => {
    try {
      loadConfig(configSchema, {
        ...required,
        SERVICE_RADIUS_KM: '-1',
        CAS_MAX_ATTEMPTS: '0',
        KAFKA_FROM_BEGINNING: 'sometimes',
      });
      expect.unreachable('a bad config loaded');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const keys = (error as ConfigError).problems.map((problem) => problem.split(':')[0]).sort();
      expect(keys).toEqual(['CAS_MAX_ATTEMPTS', 'KAFKA_FROM_BEGINNING', 'SERVICE_RADIUS_KM']);
    }
  });
});
