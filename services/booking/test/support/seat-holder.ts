/**
 * A seat-lock holder in its own process, driven by test/paused-holder.test.ts through argv,
 * stdin and one JSON line per event on stdout. A separate process is what lets the test
 * pause it with SIGSTOP, as a GC or VM pause would.
 *
 *   seat-holder <databaseUrl> <showId> <seat,seat,...> <ttlMs>
 *   stdin: "write <bookingId>"   → the booking's fenced seat writes, one transaction
 */
import { createInterface } from 'node:readline';
import { localTopology } from '@lockstep/infra-local';
import { acquireAll, EtcdLock } from '@lockstep/locks';
import { withTransaction } from '@lockstep/service-kit';
import pg from 'pg';
import { insertHeldBooking } from '../../src/db/bookings.ts';
import { writeSeat } from '../../src/db/seats.ts';
import { seatResource } from '../../src/index.ts';

const [databaseUrl, showId, seatList, ttl] = process.argv.slice(2);
if (!databaseUrl || !showId || !seatList || !ttl) {
  throw new Error('usage: seat-holder <databaseUrl> <showId> <seats> <ttlMs>');
}
const seats = seatList.split(',');

const emit = (event: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`,
  );

const lock = new EtcdLock({ endpoints: localTopology().etcd });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const lease = await acquireAll(
  lock,
  seats.map((seat) => seatResource(showId, seat)),
  { ttlMs: Number(ttl), waitMs: 10_000 },
);
const tokens = Object.fromEntries(
  seats.map((seat) => [
    seat,
    lease.leases.find((l) => l.resource === seatResource(showId, seat))?.fencingToken,
  ]),
);
emit({ event: 'acquired', tokens });

for await (const line of createInterface({ input: process.stdin })) {
  const [command, bookingId] = line.split(' ');
  if (command !== 'write' || !bookingId) continue;
  // Attempted even though the lease may be gone: the point is that storage refuses it. This
  // is what POST /bookings writes (booking row, then each seat fenced by its own token).
  const signalAborted = lease.signal.aborted;
  const applied: boolean[] = [];
  await withTransaction(pool, async (tx) => {
    await insertHeldBooking(
      tx,
      { bookingId, showId, seats, customerId: 'paused', walletId: 'paused', amountCents: 1 },
      60_000,
    );
    for (const seat of seats) {
      applied.push(
        await writeSeat(tx, showId, seat, { status: 'held', bookingId }, BigInt(tokens[seat] ?? 0)),
      );
    }
    // Like the service: one refused seat write aborts the whole booking.
    if (applied.includes(false)) throw new Error('fence refused a seat write');
  }).catch(() => undefined);
  emit({ event: 'write', applied, signalAborted });
  break;
}
await lease.release().catch(() => undefined);
await pool.end();
await lock.close();
process.exit(0);
