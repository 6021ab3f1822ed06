import { fileURLToPath } from 'node:url';
import { localTopology } from '@lockstep/infra-local';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventServiceBase } from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';
import { dropDatabase, unusedDatabase } from './support/postgres.ts';

const database = unusedDatabase();

/** The skeleton every service starts from, against the real Postgres and Kafka. */
describe('createEventServiceBase', () => {
  afterAll(() => dropDatabase(database.name));

  it('starts database, Kafka and the outbox relay before the HTTP server, and stops them after it', async () => {
    const { logger, lines } = memoryLogger('info');
    const base = createEventServiceBase(
      {
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
        NODE_ENV: 'test',
        AUTH_ISSUER: 'event-service-base-test-issuer',
        AUTH_AUDIENCE: 'lockstep',
        AUTH_ALGORITHMS: ['ES256'],
      },
      {
        logger,
        migrationsDir: fileURLToPath(new URL('./fixtures/migrations', import.meta.url)),
        topics: [{ topic: `base-test-${process.pid}`, partitions: 1 }],
      },
    );
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
});
