import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { allTopics, paymentRequested, settlementCurrency, Topics } from '@lockstep/contracts';
import { createEnvelope, encodeEvent, ensureTopics } from '@lockstep/events';
import { deleteGroups, localTopology, positionGroupsAtEnd } from '@lockstep/infra-local';
import { testKafka, uniqueName, waitFor } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/audit/run-audit.ts';
import type { PaymentService } from '../src/service.ts';
import { openWallet } from '../src/use-cases/open-wallet.ts';
import {
  balanceOf,
  outboxOutcomes,
  ownerOf,
  type PaymentTestDatabase,
  paymentTestDatabase,
} from './support/database.ts';
import { connectedProducer } from './support/kafka.ts';
import { startReplicas } from './support/replicas.ts';

const kafka = testKafka('payment-crash-test');
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const groupId = uniqueName('payment-crash');
const victimId = uniqueName('victim');
let db: PaymentTestDatabase;
let victim: ChildProcess | undefined;
let survivor: PaymentService | undefined;

/** Settings both replicas share: short lease and session, so the takeover happens in seconds. */
const fastFailover = {
  KAFKA_GROUP_ID: groupId,
  WALLET_LOCK_TTL_MS: '2000',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
};

/** Runs main.ts in a child process (so it can be SIGKILLed) and resolves once it serves. */
function startVictim(databaseUrl: string): Promise<ChildProcess> {
  const topology = localTopology();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=lockstep-source', 'src/main.ts'],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...fastFailover,
        DATABASE_URL: databaseUrl,
        KAFKA_BROKERS: topology.kafka,
        REDIS_NODES: topology.redisForLocks.join(','),
        INSTANCE_ID: victimId,
        PORT: '0',
        LOG_LEVEL: 'info',
        UNKNOWN_WALLET_POLICY: 'ignore',
        // Long enough to be caught inside the critical section, waiting on the bank.
        GATEWAY_LATENCY_MS: '8000',
      },
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      if (output.includes('"msg":"service started"')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`victim exited early (${code}): ${output}`)));
  });
}

/** True while the victim's consumer transaction waits on the gateway, holding the wallet lock. */
async function victimInsideCriticalSection(): Promise<boolean> {
  const { rows } = await db.pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = $1 AND application_name = $2 AND state = 'idle in transaction'
       AND query LIKE '%FROM payments WHERE payment_id%'`,
    [db.name, `payment-${victimId}`],
  );
  return Number(rows[0]?.n) > 0;
}

describe('a replica killed inside the wallet lock', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_crash', { migrate: true });
    await ensureTopics(kafka, allTopics);
    await positionGroupsAtEnd(kafka, [{ groupId, topic: Topics.paymentRequests }]);
  });

  afterAll(async () => {
    victim?.kill('SIGKILL');
    await survivor?.stop();
    await deleteGroups(kafka, [groupId]);
    await db?.drop();
  });

  it('loses its lease by expiry, and the other replica completes the payment exactly once', async () => {
    const walletId = uniqueName('w');
    await openWallet(db, { walletId, ownerId: ownerOf(walletId), initialBalanceCents: 1_000 });
    victim = await startVictim(db.url);

    const paymentId = uniqueName('pay');
    const producer = await connectedProducer(kafka);
    try {
      const payload = {
        paymentId,
        walletId,
        customerId: ownerOf(walletId),
        amountCents: 400,
        currency: settlementCurrency,
        reference: { kind: 'order' as const, id: `order-${paymentId}` },
      };
      await producer.send({
        topic: Topics.paymentRequests,
        messages: [encodeEvent(createEnvelope(paymentRequested, payload))],
      });
    } finally {
      await producer.disconnect();
    }
    await waitFor('the victim to hold the wallet lock mid-payment', victimInsideCriticalSection);
    victim.kill('SIGKILL');

    // The survivor joins the same group; once the victim's session times out it is handed the
    // partition, redelivers the uncommitted message and waits out the victim's lease.
    ({
      replicas: [survivor],
    } = await startReplicas(
      kafka,
      db.url,
      1,
      { ...fastFailover, GATEWAY_LATENCY_MS: '5' },
      groupId,
    ));
    await waitFor(
      'the payment to be decided by the survivor',
      async () =>
        (await db.pool.query('SELECT 1 FROM payments WHERE payment_id = $1', [paymentId]))
          .rowCount === 1,
      { timeoutMs: 60_000 },
    );

    const { rows } = await db.pool.query('SELECT status FROM payments WHERE payment_id = $1', [
      paymentId,
    ]);
    expect(rows).toEqual([{ status: 'completed' }]);
    expect(await balanceOf(db.pool, walletId)).toBe(600);
    expect((await outboxOutcomes(db.pool, [paymentId])).get(paymentId)).toHaveLength(1);
    expect((await runAudit(db.pool)).ok).toBe(true);
  });
});
