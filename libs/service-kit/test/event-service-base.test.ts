import { fileURLToPath } from 'node:url';
import { localTopology } from '@lockstep/infra-local';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventServiceBase, type EventServiceConfig } from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';
import { dropDatabase, unusedDatabase } from './support/postgres.ts';

const database = unusedDatabase();

/**
 * A base's configuration against the local stack. Built here rather than through loadConfig:
 * production mode would otherwise refuse the stack's development credentials, which is not
 * what these tests are about.
 */
function config(mode: 'test' | 'production'): EventServiceConfig {
  return {
    SERVICE_NAME: 'base-test',
    INSTANCE_ID: `base-test-${process.pid}`,
    LOG_LEVEL: 'info',
    SHUTDOWN_TIMEOUT_MS: 10_000,
    DATABASE_URL: database.url,
    DB_POOL_SIZE: 4,
    KAFKA_BROKERS: [localTopology().kafka],
    KAFKA_SASL_MECHANISM: localTopology().kafkaSasl.mechanism,
    KAFKA_USERNAME: localTopology().kafkaSaslForServices.username,
    KAFKA_PASSWORD: localTopology().kafkaSaslForServices.password,
    OUTBOX_POLL_INTERVAL_MS: 1_000,
    PORT: 0,
    HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
    ADMIN_TOKEN: 'event-service-base-test-token',
    NODE_ENV: mode,
    AUTH_ISSUER: 'event-service-base-test-issuer',
    AUTH_AUDIENCE: 'lockstep',
    AUTH_ALGORITHMS: ['ES256'],
  };
}

/** The skeleton every service starts from, against the real Postgres and Kafka. */
describe('createEventServiceBase', () => {
  afterAll(() => dropDatabase(database.name));

  it('starts database, Kafka and the outbox relay before the HTTP server, and stops them after it', async () => {
    const { logger, lines } = memoryLogger('info');
    const base = createEventServiceBase(config('test'), {
      logger,
      migrationsDir: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)),
      topics: [{ topic: `base-test-${process.pid}`, partitions: 1 }],
    });
    const app = express();
    app.get('/ping', (_req, res) => {
      res.json({ pong: true });
    });
    const http = await base.listen(app);
    expect(await (await fetch(`${http.url}/ping`)).json()).toEqual({ pong: true });
    // Migrated at start: the outbox the relay reads exists.
    const outbox = await base.db.pool.query('SELECT count(*)::int AS n FROM outbox');
    expect(outbox.rows[0]?.n).toBe(0);
    await base.runtime.stop();
    const order = (msg: string) =>
      lines.filter((line) => line.msg === msg).map((line) => String(line.name));
    expect(order('component started')).toEqual(['postgres', 'kafka', 'outbox-relay', 'http']);
    expect(order('component stopped')).toEqual(['http', 'outbox-relay', 'kafka', 'postgres']);
  });

  it('serves the development issuer (POST /dev/tokens) outside production mode only', async () => {
    const { logger } = memoryLogger('info');
    // Nothing is started: building the app connects to nothing.
    const options = {
      logger,
      migrationsDir: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)),
      topics: [],
    };
    const app = (mode: 'test' | 'production') =>
      createEventServiceBase(config(mode), options).httpApp({
        description: 'base test',
        routes: () => {},
        errors: { domain: {}, contended: { code: 'BUSY' } },
      });
    const mint = (http: ReturnType<typeof app>) =>
      request(http)
        .post('/dev/tokens')
        .set('x-admin-token', 'event-service-base-test-token')
        .send({ subject: 'carol', role: 'customer' });
    expect((await mint(app('test'))).status).toBe(201);
    const production = await mint(app('production'));
    expect(production.status).toBe(404);
  });
});
