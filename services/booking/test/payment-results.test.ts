import { paymentCompleted, settlementCurrency, Topics } from '@lockstep/contracts';
import { createEnvelope, DeadLetterHeader, headerText } from '@lockstep/events';
import {
  adminCall,
  DeadLetterWatch,
  expectMismatchesDeadLettered,
  outboxCount,
  paymentResultsFor,
  publishResults,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, createShow, statusOf } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

const { completedFor, failedFor } = paymentResultsFor('booking');

const priceCents = 800;

/** The wallet book() names for its default customer. */
const wallet = 'wallet-customer';

/**
 * The payment-results consumer on two replicas: a redelivered outcome has one effect, other
 * sagas' and unknown bookings' outcomes are ignored, and a malformed message is dead-lettered
 * while the consumer goes on with the messages behind it.
 */
describe('payment results on two booking replicas', () => {
  let deployment: BookingDeployment;
  let kafka: Kafka;
  let producer: Producer;
  let showId: string;

  beforeAll(async () => {
    deployment = await startDeployment(2);
    kafka = testKafka('booking-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    showId = await createShow(deployment.replicas[0]?.url ?? '', {
      rows: 2,
      seatsPerRow: 6,
      priceCents,
    });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  const url = (i: number) => deployment.replicas[i % 2]?.url ?? '';

  async function processed(eventId: string): Promise<boolean> {
    const { rowCount } = await deployment.pool.query(
      'SELECT 1 FROM processed_events WHERE event_id = $1',
      [eventId],
    );
    return rowCount === 1;
  }

  it('the same payment.completed delivered twice books the seats once and emits one booking.confirmed', async () => {
    const held = await book(url(0), showId, ['A1', 'A2']);
    expect(held.status).toBe(201);
    const { bookingId, amountCents } = held.body;
    const completed = completedFor(bookingId, amountCents, wallet);
    // The very same message twice, a late failure under a new event id, then a marker on the
    // same key (same partition, so consumed after all of them).
    const late = failedFor(bookingId, amountCents, wallet);
    const marker = completedFor(bookingId, amountCents, wallet);
    await publishResults(producer, [completed, completed, late, marker]);
    await waitFor('the marker processed', () => processed(marker.id));
    const { rows } = await deployment.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1',
      [completed.id],
    );
    expect(rows[0]?.n).toBe(1);
    expect(await statusOf(url(1), bookingId)).toBe('confirmed');
    expect(await outboxCount(deployment.pool, 'booking.confirmed')).toBe(1);
    expect(await outboxCount(deployment.pool, 'booking.cancelled')).toBe(0);
    const seats = await seatRows(deployment.pool, showId);
    expect(seats.filter((s) => s.status === 'booked').map((s) => s.seatId)).toEqual(['A1', 'A2']);
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });

  it('outcomes for orders and for bookings this database never had change nothing', async () => {
    const before = await seatRows(deployment.pool, showId);
    const foreignId = '00000000-0000-4000-8000-00000000beef';
    const foreign = completedFor(foreignId, 100, wallet);
    // An order's outcome keyed like `foreign` (the reference id), so it is consumed first.
    const order = createEnvelope(paymentCompleted, {
      paymentId: foreignId,
      walletId: 'wallet-test',
      amountCents: 100,
      currency: settlementCurrency,
      reference: { kind: 'order', id: foreignId },
    });
    const notUuid = failedFor(uniqueName('not-a-uuid'), 100, wallet);
    await publishResults(producer, [order, foreign, notUuid]);
    await waitFor(
      'the booking outcomes processed',
      async () => (await processed(foreign.id)) && (await processed(notUuid.id)),
    );
    // The order's outcome concerns the other saga: acknowledged with no transaction at all.
    expect(await processed(order.id)).toBe(false);
    expect(await seatRows(deployment.pool, showId)).toEqual(before);
    const { rows } = await deployment.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM bookings',
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('a malformed message on payment-results goes to payment-results.dlq and the consumer keeps going', async () => {
    const deadLetters = new DeadLetterWatch(kafka, deployment.groupId, 'booking-test-dlq');
    await deadLetters.start();
    try {
      const held = await book(url(1), showId, ['B5', 'B6']);
      expect(held.status).toBe(201);
      const { bookingId, amountCents } = held.body;
      // Same key as the booking's outcome, so the outcome queues behind the poison message.
      await producer.send({
        topic: Topics.paymentResults,
        messages: [{ key: bookingId, value: '{"not": "an event"' }],
      });
      await publishResults(producer, [failedFor(bookingId, amountCents, wallet)]);
      await waitFor(
        'the booking behind the poison message cancelled',
        async () => (await statusOf(url(0), bookingId)) === 'cancelled',
      );
      await waitFor('the dead letter', () =>
        deadLetters.messages.some((m) => m.key?.toString() === bookingId),
      );
      const letter = deadLetters.messages.find((m) => m.key?.toString() === bookingId);
      expect(headerText(letter?.headers, DeadLetterHeader.reason)).toBe('invalid');
      expect(letter?.value?.toString()).toBe('{"not": "an event"');
      const seats = await seatRows(deployment.pool, showId);
      expect(seats.filter((s) => s.seatId.startsWith('B')).every((s) => s.status === 'free')).toBe(
        true,
      );
      const audit = await adminCall<{ ok: boolean }>(url(1), 'GET', '/audit?settled=true');
      expect(audit.body.ok).toBe(true);
    } finally {
      await deadLetters.stop();
    }
  });

  it('a payment.completed with another payment id, wallet, amount or currency is dead-lettered and changes nothing; the matching one confirms', async () => {
    const deadLetters = new DeadLetterWatch(kafka, deployment.groupId, 'booking-mismatch-dlq');
    await deadLetters.start();
    try {
      const held = await book(url(0), showId, ['A5', 'A6']);
      expect(held.status).toBe(201);
      const { bookingId, amountCents } = held.body;
      const state = async () => ({
        booking: (
          await deployment.pool.query(
            'SELECT status, reason, updated_at FROM bookings WHERE booking_id = $1',
            [bookingId],
          )
        ).rows,
        seats: await seatRows(deployment.pool, showId),
        outbox: (await deployment.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0],
      });
      const forged = await expectMismatchesDeadLettered({
        kind: 'booking',
        charge: { id: bookingId, walletId: wallet, amountCents },
        producer,
        deadLetters,
        state,
      });
      for (const envelope of forged) expect(await processed(envelope.id)).toBe(false);

      await publishResults(producer, [completedFor(bookingId, amountCents, wallet)]);
      await waitFor(
        'the booking confirmed',
        async () => (await statusOf(url(1), bookingId)) === 'confirmed',
      );
      const seats = await seatRows(deployment.pool, showId);
      expect(seats.filter((s) => s.bookingId === bookingId).map((s) => s.status)).toEqual([
        'booked',
        'booked',
      ]);
    } finally {
      await deadLetters.stop();
    }
  });
});
