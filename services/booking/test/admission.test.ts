import { localTopology } from '@lockstep/infra-local';
import { EtcdSemaphore, type ManagedLease } from '@lockstep/locks';
import { errorCode, rowCounts } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, createShow } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

const permits = 2;

/**
 * Admission control for the rush: an etcd semaphore shared by every replica admits at most
 * ADMISSION_PERMITS booking attempts at once. Here the test itself takes every permit, as a
 * rush in flight would, and both replicas must turn the next attempt away with 429.
 */
describe('admission gate on two booking replicas', () => {
  let deployment: BookingDeployment;
  let rush: EtcdSemaphore;
  let showId: string;

  beforeAll(async () => {
    deployment = await startDeployment(2, {
      ADMISSION_PERMITS: String(permits),
      ADMISSION_RETRY_AFTER_S: '3',
    });
    rush = new EtcdSemaphore({
      endpoints: localTopology().etcd,
      name: deployment.admissionSemaphore,
      permits,
    });
    showId = await createShow(deployment.replicas[0]?.url ?? '', { rows: 2, seatsPerRow: 5 });
  });
  afterAll(async () => {
    await rush?.close();
    await deployment?.stop();
  });

  it('answers 429 ADMISSION_FULL with Retry-After on every replica while all permits are taken, writing nothing', async () => {
    const taken: ManagedLease[] = [];
    for (let i = 0; i < permits; i++) taken.push(await rush.acquire({ waitMs: 0, ttlMs: 10_000 }));
    try {
      // processed_events is left out: the consumer records other runs' payment results there.
      const before = {
        rows: await rowCounts(deployment.pool, ['processed_events']),
        seats: await seatRows(deployment.pool, showId),
      };
      for (const replica of deployment.replicas) {
        const response = await book(replica.url, showId, ['A1', 'A2']);
        expect({ status: response.status, code: errorCode(response) }).toEqual({
          status: 429,
          code: 'ADMISSION_FULL',
        });
        expect(response.headers.get('retry-after')).toBe('3');
      }
      expect(await rowCounts(deployment.pool, ['processed_events'])).toEqual(before.rows);
      expect(await seatRows(deployment.pool, showId)).toEqual(before.seats);
      expect(deployment.replicas.map((r) => r.admission.stats.rejected)).toEqual([1, 1]);
    } finally {
      await Promise.all(taken.map((permit) => permit.release()));
    }
    const admitted = await book(deployment.replicas[1]?.url ?? '', showId, ['A1', 'A2']);
    expect(admitted.status).toBe(201);
  });

  it('answers an attempt that can only lose with 409 SEATS_TAKEN without asking the full gate', async () => {
    const taken: ManagedLease[] = [];
    for (let i = 0; i < permits; i++) taken.push(await rush.acquire({ waitMs: 0, ttlMs: 10_000 }));
    try {
      const response = await book(deployment.replicas[0]?.url ?? '', showId, ['A2', 'A3']);
      expect({ status: response.status, code: errorCode(response) }).toEqual({
        status: 409,
        code: 'SEATS_TAKEN',
      });
    } finally {
      await Promise.all(taken.map((permit) => permit.release()));
    }
  });

  it('gives every permit back when the attempts end, whatever their answer', async () => {
    const answers = await Promise.all(
      ['B1', 'B2', 'B3', 'B4', 'B5', 'B1', 'B2'].map((seat, i) =>
        book(deployment.replicas[i % 2]?.url ?? '', showId, [seat], `c${i}`),
      ),
    );
    expect(answers.every((a) => [201, 409, 429].includes(a.status))).toBe(true);
    expect(await rush.queued()).toBe(0);
  });
});
