import {
  LockCancelledError,
  LockContendedError,
  LockInvalidArgumentError,
  LockLostError,
  LockUnavailableError,
} from '@lockstep/locks';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors/domain-error.js';
import { Readiness } from '../lifecycle/readiness.js';
import { createLogger } from '../logging/create-logger.js';
import { createHttpApp } from './create-http-app.js';

const logger = createLogger({ service: 'kit-test', instanceId: 'unit', level: 'silent' });

/** An app whose one route throws what the test asks for, translated by a small table. */
function appThrowing(error: Error) {
  return createHttpApp({
    logger,
    readiness: new Readiness(),
    routes: (router) => {
      router.get('/boom', () => {
        throw error;
      });
    },
    errors: {
      domain: { SOLD_OUT: 409, NO_SUCH_SKU: 404, QUEUE_FULL: 429 },
      contended: { code: 'SKU_BUSY', message: (resource) => `${resource} is busy; retry shortly` },
    },
  });
}

describe('translateErrors', () => {
  it('answers a DomainError with the status its code has in the table, with details and Retry-After', async () => {
    const res = await request(
      appThrowing(
        new DomainError('QUEUE_FULL', 'too many queued', {
          details: { limit: 3 },
          retryAfterSeconds: 2,
        }),
      ),
    ).get('/boom');
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.body).toEqual({
      error: { code: 'QUEUE_FULL', message: 'too many queued', details: { limit: 3 } },
    });
    const soldOut = await request(appThrowing(new DomainError('SOLD_OUT', 'none left'))).get(
      '/boom',
    );
    expect([soldOut.status, soldOut.body.error.code]).toEqual([409, 'SOLD_OUT']);
  });

  it('answers a DomainError whose code is missing from the table as a fault (500), not a guess', async () => {
    const res = await request(appThrowing(new DomainError('UNLISTED', 'oops'))).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
  });

  it("answers contention with the service's busy code and Retry-After, and lock faults with 503", async () => {
    const cases: Array<[Error, number, string]> = [
      [new LockContendedError('sku:7', 100), 429, 'SKU_BUSY'],
      [new LockUnavailableError('zookeeper down', { resource: 'sku:7' }), 503, 'LOCK_UNAVAILABLE'],
      [new LockLostError('sku:7', 'deadline'), 503, 'LOCK_LOST'],
      [new LockCancelledError('sku:7'), 503, 'LOCK_CANCELLED'],
    ];
    for (const [error, status, code] of cases) {
      const res = await request(appThrowing(error)).get('/boom');
      expect([res.status, res.body.error.code]).toEqual([status, code]);
      expect(res.headers['retry-after']).toBe('1');
    }
    const busy = await request(appThrowing(new LockContendedError('sku:7', 100))).get('/boom');
    expect(busy.body.error.message).toBe('sku:7 is busy; retry shortly');
    expect(busy.body.error.details).toBeUndefined();
  });

  it('answers contention with the details the table derives from the contended resource', async () => {
    const app = createHttpApp({
      logger,
      readiness: new Readiness(),
      routes: (router) => {
        router.get('/boom', () => {
          throw new LockContendedError('seat:show-1:C4', 100);
        });
      },
      errors: {
        domain: {},
        contended: {
          code: 'SEATS_BUSY',
          message: () => 'seats are busy',
          details: (resource) => ({ seats: [resource?.split(':').at(-1)] }),
        },
      },
    });
    const res = await request(app).get('/boom');
    expect([res.status, res.body.error.code]).toEqual([429, 'SEATS_BUSY']);
    expect(res.body.error.details).toEqual({ seats: ['C4'] });
  });

  it('answers a lock programming error (a bad option) as a fault, not as contention', async () => {
    const res = await request(appThrowing(new LockInvalidArgumentError('bad ttl'))).get('/boom');
    expect(res.status).toBe(500);
  });
});
