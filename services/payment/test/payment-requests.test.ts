import { paymentRequested, refundRequested, settlementCurrency, Topics } from '@lockstep/contracts';
import {
  createEnvelope,
  DeadLetterHeader,
  deadLetterTopicOf,
  type EventEnvelope,
  EventHeader,
  encodeEvent,
  headerText,
  type PayloadOf,
} from '@lockstep/events';
import { type AuditReport, mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  TopicRecorder,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentService } from '../src/service.ts';
import {
  balanceOf,
  outboxOutcomes,
  ownerOf,
  type PaymentTestDatabase,
  paymentTestDatabase,
} from './support/database.ts';
import { connectedProducer, envelopeOf } from './support/kafka.ts';
import { startReplicas, stopReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-requests-test');
let db: PaymentTestDatabase;
let replicas: PaymentService[];
let groupId: string;
let producer: Producer;
let results: TopicRecorder;
let deadLetters: TopicRecorder;

function replica(index: number): PaymentService {
  return replicas[index % replicas.length] as PaymentService;
}

/** A payment.requested payload as a saga sends it. */
type SagaRequest = PayloadOf<typeof paymentRequested>;

function request(walletId: string, amountCents: number): SagaRequest {
  const paymentId = uniqueName('pay');
  return {
    paymentId,
    walletId,
    customerId: ownerOf(walletId),
    amountCents,
    currency: settlementCurrency,
    reference: { kind: 'order', id: `order-${paymentId}` },
  };
}

async function openWallets(count: number, balanceCents: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const walletId = uniqueName('w');
    const response = await adminCall(replica(index).url, 'POST', '/wallets', {
      walletId,
      ownerId: ownerOf(walletId),
      initialBalanceCents: balanceCents,
    });
    expect(response.status).toBe(201);
    ids.push(walletId);
  }
  return ids;
}

/** Produces straight to payment-requests, as a saga's outbox relay would. */
async function publish(envelopes: readonly EventEnvelope[]): Promise<void> {
  await producer.send({
    topic: Topics.paymentRequests,
    messages: envelopes.map((envelope) => encodeEvent(envelope)),
  });
}

async function publishRequests(requests: readonly SagaRequest[]) {
  const envelopes = requests.map((payload) => createEnvelope(paymentRequested, payload));
  await publish(envelopes);
  return envelopes;
}

/** Waits until every payment id has a row (its outcome is decided). */
async function waitForDecisions(paymentIds: readonly string[], timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `${paymentIds.length} payments decided`,
    async () => {
      const { rows } = await db.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM payments WHERE payment_id = ANY($1)',
        [paymentIds],
      );
      return Number(rows[0]?.n) === paymentIds.length;
    },
    { timeoutMs },
  );
}

/** Waits until the event ids are recorded as processed by this run's consumer group. */
async function waitForProcessed(eventIds: readonly string[]): Promise<void> {
  await waitFor(`${eventIds.length} events processed`, async () => {
    const { rows } = await db.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM processed_events WHERE consumer = $1 AND event_id = ANY($2)',
      [groupId, eventIds],
    );
    return Number(rows[0]?.n) === eventIds.length;
  });
}

/**
 * Outcome events of these payments that reached payment-results from this database's outbox,
 * as distinct event ids per payment id (a relay may re-send an event; consumers dedupe by id).
 * Events from other databases are left out: topics are shared with other runs.
 */
async function publishedOutcomes(paymentIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const ours = await outboxOutcomes(db.pool, paymentIds);
  const ourIds = new Set([...ours.values()].flat().map((event) => event.id));
  await results.waitForEach(
    `outcomes of ${paymentIds.length} payments on payment-results`,
    (message) => headerText(message.headers, EventHeader.id),
    ourIds,
  );
  const byPayment = new Map<string, Set<string>>();
  for (const message of results.messages) {
    // Chosen by header before parsing: other runs' tests put malformed messages on this topic.
    if (!ourIds.has(headerText(message.headers, EventHeader.id) ?? '')) continue;
    const envelope = envelopeOf(message);
    if (!ourIds.has(envelope.id)) continue;
    const ids = byPayment.get(envelope.payload.paymentId) ?? new Set<string>();
    ids.add(envelope.id);
    byPayment.set(envelope.payload.paymentId, ids);
  }
  return byPayment;
}

async function setGateway(settings: { latencyMs: number; failureRate: number }): Promise<void> {
  for (const each of replicas) {
    expect((await adminCall(each.url, 'PUT', '/gateway', settings)).status).toBe(200);
  }
}

describe('payment requests over Kafka, two replicas on one database', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_kafka');
    ({ replicas, groupId } = await startReplicas(kafka, db.url, 2));
    producer = await connectedProducer(kafka);
    results = new TopicRecorder(kafka, Topics.paymentResults, {
      groupPrefix: 'payment-test-results',
    });
    deadLetters = new TopicRecorder(kafka, deadLetterTopicOf(Topics.paymentRequests), {
      groupPrefix: 'payment-test-dlq',
    });
    await Promise.all([results.start(), deadLetters.start()]);
  });

  afterAll(async () => {
    await stopReplicas(kafka, replicas && { replicas, groupId });
    await Promise.allSettled([results?.stop(), deadLetters?.stop(), producer?.disconnect()]);
    await db?.drop();
  });

  it('both replicas are members of the consumer group and share its partitions', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }
  });

  it('a burst of 200 requests on 5 wallets never spends more than a balance, and each payment gets one outcome', async () => {
    const initialCents = 2_000;
    const wallets = await openWallets(5, initialCents);
    const requests = Array.from({ length: 200 }, (_, i) =>
      request(wallets[i % wallets.length] as string, 100 + ((i * 37) % 5) * 50),
    );
    await publishRequests(requests);
    const paymentIds = requests.map((r) => r.paymentId);
    await waitForDecisions(paymentIds);

    const { rows } = await db.pool.query<{
      wallet_id: string;
      completed_cents: string;
      completed: string;
      failed: string;
      reasons: string[];
    }>(
      `SELECT wallet_id,
              coalesce(sum(amount_cents) FILTER (WHERE status = 'completed'), 0) AS completed_cents,
              count(*) FILTER (WHERE status = 'completed') AS completed,
              count(*) FILTER (WHERE status = 'failed') AS failed,
              array_agg(DISTINCT failure_reason) FILTER (WHERE status = 'failed') AS reasons
       FROM payments WHERE payment_id = ANY($1) GROUP BY wallet_id`,
      [paymentIds],
    );
    expect(rows).toHaveLength(5);
    for (const row of rows) {
      const spent = Number(row.completed_cents);
      expect(spent).toBeLessThanOrEqual(initialCents);
      // Amounts are 100..300: a wallet stops only when the rest is smaller than a request.
      expect(spent).toBeGreaterThan(initialCents - 300);
      expect(await balanceOf(db.pool, row.wallet_id)).toBe(initialCents - spent);
      expect(Number(row.failed)).toBeGreaterThan(0);
      expect(row.reasons).toEqual(['insufficient-funds']);
    }

    const outbox = await outboxOutcomes(db.pool, paymentIds);
    for (const id of paymentIds) expect(outbox.get(id), id).toHaveLength(1);
    const published = await publishedOutcomes(paymentIds);
    for (const id of paymentIds) expect(published.get(id)?.size, id).toBe(1);

    const audit = await adminCall<AuditReport>(replica(1).url, 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
    const negatives = audit.body.checks.find((check) => check.name === 'no-negative-balance');
    expect(negatives?.counts).toMatchObject({ violations: 0, checked: expect.any(Number) });
  });

  it('the same payment.requested delivered twice, and again under a new event id, charges once', async () => {
    const [walletId] = await openWallets(1, 1_000);
    const payment = request(walletId as string, 300);
    const original = createEnvelope(paymentRequested, payment);
    const reissued = createEnvelope(paymentRequested, payment);
    await publish([original, original, reissued]);
    await waitForProcessed([original.id, reissued.id]);

    expect(await balanceOf(db.pool, walletId as string)).toBe(700);
    const { rows } = await db.pool.query(
      "SELECT count(DISTINCT entry_group)::int AS groups FROM ledger_entries WHERE payment_id = $1 AND kind = 'charge'",
      [payment.paymentId],
    );
    expect(rows[0].groups).toBe(1);
    expect(
      (await outboxOutcomes(db.pool, [payment.paymentId])).get(payment.paymentId),
    ).toHaveLength(1);
    expect((await publishedOutcomes([payment.paymentId])).get(payment.paymentId)?.size).toBe(1);
  });

  it('with the gateway failing every call, all payments fail with gateway-declined and balances stay', async () => {
    const wallets = await openWallets(2, 5_000);
    await setGateway({ latencyMs: 5, failureRate: 1 });
    try {
      const requests = Array.from({ length: 10 }, (_, i) => request(wallets[i % 2] as string, 100));
      await publishRequests(requests);
      const paymentIds = requests.map((r) => r.paymentId);
      await waitForDecisions(paymentIds);
      const { rows } = await db.pool.query(
        'SELECT DISTINCT status, failure_reason FROM payments WHERE payment_id = ANY($1)',
        [paymentIds],
      );
      expect(rows).toEqual([{ status: 'failed', failure_reason: 'gateway-declined' }]);
      for (const walletId of wallets) expect(await balanceOf(db.pool, walletId)).toBe(5_000);
      const charges = await db.pool.query(
        'SELECT 1 FROM ledger_entries WHERE payment_id = ANY($1)',
        [paymentIds],
      );
      expect(charges.rowCount).toBe(0);
    } finally {
      await setGateway({ latencyMs: 5, failureRate: 0 });
    }
  });

  it('a malformed message and an invalid payload land in payment-requests.dlq and the consumer keeps going', async () => {
    const [walletId] = await openWallets(1, 1_000);
    const after = request(walletId as string, 150);
    const invalid = createEnvelope(paymentRequested, request(walletId as string, 1));
    // Same key as the valid request after it: same partition, so "keeps going" is proven
    // on the very partition the bad messages sat in.
    await producer.send({
      topic: Topics.paymentRequests,
      messages: [
        { key: after.paymentId, value: '{"this is": not json' },
        encodeEvent({
          ...invalid,
          key: after.paymentId,
          payload: { ...invalid.payload, amountCents: -5 },
        }),
      ],
    });
    await publishRequests([after]);
    await waitForDecisions([after.paymentId]);
    expect(await balanceOf(db.pool, walletId as string)).toBe(850);

    const letters = await deadLetters.waitForCount(
      'two dead letters from this run',
      (message) =>
        message.key?.toString() === after.paymentId &&
        headerText(message.headers, DeadLetterHeader.consumer) === groupId,
      2,
    );
    expect(letters.map((m) => headerText(m.headers, DeadLetterHeader.reason))).toEqual([
      'invalid',
      'invalid',
    ]);
    expect(letters[0]?.value?.toString()).toBe('{"this is": not json');
  });

  it('a refund request credits a completed payment back and publishes payment.refunded once', async () => {
    const [walletId] = await openWallets(1, 1_000);
    const payment = request(walletId as string, 400);
    await publishRequests([payment]);
    await waitForDecisions([payment.paymentId]);
    expect(await balanceOf(db.pool, walletId as string)).toBe(600);

    const refund = createEnvelope(refundRequested, {
      paymentId: payment.paymentId,
      reference: payment.reference,
      reason: 'hold expired',
    });
    const again = createEnvelope(refundRequested, refund.payload);
    await publish([refund, again]);
    await waitForProcessed([refund.id, again.id]);
    const owner = await mintDevelopmentToken({
      subject: ownerOf(walletId as string),
      role: 'customer',
    });
    const read = await bearerCall(replica(0).url, 'GET', `/payments/${payment.paymentId}`, owner);
    expect(read.body).toMatchObject({ status: 'refunded', amountCents: 400, failureReason: null });
    expect(await balanceOf(db.pool, walletId as string)).toBe(1_000);
    const types = (await outboxOutcomes(db.pool, [payment.paymentId]))
      .get(payment.paymentId)
      ?.map((event) => event.type);
    expect(types).toEqual(['payment.completed', 'payment.refunded']);
    expect((await publishedOutcomes([payment.paymentId])).get(payment.paymentId)?.size).toBe(2);
  });

  it('a request reusing a decided payment id for another wallet or amount, one in another currency and a refund naming another reference are dead-lettered with EVENT_MISMATCH and change nothing', async () => {
    const [walletId, otherWallet] = (await openWallets(2, 1_000)) as [string, string];
    const payment = request(walletId, 300);
    await publishRequests([payment]);
    await waitForDecisions([payment.paymentId]);
    const foreign = request(walletId, 100);
    const forged = [
      {
        field: 'walletId',
        envelope: createEnvelope(paymentRequested, { ...payment, walletId: otherWallet }),
      },
      {
        field: 'amountCents',
        envelope: createEnvelope(paymentRequested, { ...payment, amountCents: 1 }),
      },
      {
        field: 'currency',
        envelope: createEnvelope(paymentRequested, { ...foreign, currency: 'EUR' }),
      },
      {
        field: 'reference.kind',
        envelope: createEnvelope(refundRequested, {
          paymentId: payment.paymentId,
          reference: { kind: 'booking', id: payment.reference.id },
          reason: 'not ours to refund',
        }),
      },
    ];
    const ids = new Set(forged.map(({ envelope }) => envelope.id));
    await publish(forged.map(({ envelope }) => envelope));
    const letters = await deadLetters.waitForEach(
      'four mismatches dead-lettered',
      (message) => headerText(message.headers, EventHeader.id),
      ids,
    );
    for (const { field, envelope } of forged) {
      const letter = letters.find((m) => headerText(m.headers, EventHeader.id) === envelope.id);
      expect({
        field,
        reason: headerText(letter?.headers, DeadLetterHeader.reason),
        code: headerText(letter?.headers, DeadLetterHeader.errorCode),
      }).toEqual({ field, reason: 'mismatch', code: 'EVENT_MISMATCH' });
      expect(headerText(letter?.headers, DeadLetterHeader.error)).toContain(`${field} expected`);
    }
    expect(await balanceOf(db.pool, walletId)).toBe(700);
    expect(await balanceOf(db.pool, otherWallet)).toBe(1_000);
    const outcomes = await outboxOutcomes(db.pool, [payment.paymentId, foreign.paymentId]);
    expect(outcomes.get(payment.paymentId)?.map((event) => event.type)).toEqual([
      'payment.completed',
    ]);
    expect(outcomes.get(foreign.paymentId) ?? []).toEqual([]);
  });

  it('the audit is clean after everything above', async () => {
    for (const each of replicas) {
      const audit = await adminCall<AuditReport>(each.url, 'GET', '/audit');
      expect(audit.status).toBe(200);
      expect(audit.body.checks.filter((check) => !check.ok)).toEqual([]);
    }
  });
});
