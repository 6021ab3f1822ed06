import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { type Fleet, localAdminToken, localTopology } from '@lockstep/infra-local';
import { repoRoot } from '../../paths.js';

const holderScript = fileURLToPath(new URL('./paused-holder-process.ts', import.meta.url));

/** Where the paused-holder step sends its requests and its spans. */
export interface PausedHolderTargets {
  /** Base URLs of booking's replicas; the bookings queued behind the holder go round them. */
  booking: readonly string[];
  /** Base URL of a payment replica, to open the wallet those bookings pay from. */
  payment: string;
  /** etcd client URL of the local stack. */
  etcd: string;
  /** OTLP/HTTP endpoint the replicas export to; '' exports nothing. */
  otlpEndpoint: string;
  /** The holder's `service.instance.id`; ending in the fleet's run id, as its replicas' do. */
  instanceId: string;
}

/** What happened to the paused holder and to the bookings queued behind it. */
export interface PausedHolderOutcome {
  /** The seat's lock resource, as booking names it. */
  resource: string;
  /** The holder's fencing token. */
  token: string;
  /** HTTP status of each booking sent while the holder was stopped, in sending order. */
  bookings: number[];
  /** Why the holder's lease fired once it ran again (`deadline`, `session-expired`). */
  lossReason: string;
  /** How long the holder was stopped, in ms. */
  pausedMs: number;
}

/** etcd's shortest lease: the holder's key disappears about this long after it stops. */
const holderTtlMs = 2_000;
/** Bookings start this far apart, so some queue behind the stopped holder and some arrive after its key expired. */
const bookingSpacingMs = 500;
const bookingCount = 4;
/** Long enough that the lease has expired and every booking has answered. */
const pauseMs = 4_500;

/**
 * The demo's lost lease, produced the honest way: a process holding a seat lock (etcd, TTL
 * 2 s) is stopped with SIGSTOP while bookings for that seat arrive at booking's replicas. They
 * queue behind its key until etcd expires its lease, then one takes the seat with a newer
 * fencing token; when the holder is continued its lease's deadline has passed and its
 * `lock.hold` span ends `lost`. Everything happens on a show and wallet of its own.
 */
export async function pauseAHolder(targets: PausedHolderTargets): Promise<PausedHolderOutcome> {
  const tag = `paused-${Date.now().toString(36)}`;
  const showId = `${tag}-show`;
  const walletId = `${tag}-wallet`;
  const customer = `${tag}-customer`;
  const firstBooking = targets.booking[0];
  if (firstBooking === undefined) throw new Error('paused holder: no booking replica');
  await post(targets.payment, '/wallets', {
    walletId,
    ownerId: customer,
    initialBalanceCents: 1_000_000,
  });
  // The customer's bearer token, from the development issuer (payment's POST /dev/tokens).
  const { token } = (await post(targets.payment, '/dev/tokens', {
    subject: customer,
    role: 'customer',
  })) as { token: string };
  await post(firstBooking, '/shows', {
    showId,
    title: 'The paused holder',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    priceCents: 1_000,
    rows: 1,
    seatsPerRow: 4,
  });
  // booking's seatResource(showId, seatId); a change there shows here as bookings that never
  // queue, and the browser test's lost-lease lane would have no waiters.
  const resource = `seat:${showId}:A1`;
  const holder = startHolder(targets, resource);
  try {
    // Starting takes a few seconds (tsx compiles the lock library and the OpenTelemetry SDK),
    // far more on a machine busy with the fleet.
    const acquired = await holder.next('acquired', 60_000);
    holder.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    const bookings = await Promise.all(
      Array.from({ length: bookingCount }, async (_, i) => {
        await sleep(300 + i * bookingSpacingMs);
        const base = targets.booking[i % targets.booking.length] ?? firstBooking;
        const response = await fetch(`${base}/bookings`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ showId, seats: ['A1'], walletId }),
          signal: AbortSignal.timeout(15_000),
        });
        await response.body?.cancel();
        return response.status;
      }),
    );
    await sleep(Math.max(0, stoppedAt + pauseMs - Date.now()));
    holder.child.kill('SIGCONT');
    const pausedMs = Date.now() - stoppedAt;
    const lost = await holder.next('lost', 15_000);
    await holder.exited;
    return {
      resource,
      token: String(acquired.token),
      bookings,
      lossReason: String(lost.reason),
      pausedMs,
    };
  } finally {
    if (holder.child.exitCode === null && holder.child.signalCode === null) {
      holder.child.kill('SIGCONT');
      holder.child.kill('SIGKILL');
    }
  }
}

/**
 * {@link pauseAHolder} against a fleet's booking and payment replicas, told as one line for the
 * demo's output. Never rejects: a failure is told too, and the demo goes on without its lost
 * lease rather than stopping.
 */
export async function pauseAHolderIn(fleet: Fleet): Promise<string> {
  try {
    const outcome = await pauseAHolder({
      booking: fleet.urls('booking'),
      payment: fleet.urls('payment')[0] ?? '',
      etcd: localTopology().etcd,
      otlpEndpoint: fleet.otlpEndpoint ?? '',
      instanceId: `paused-holder-${fleet.runId}`,
    });
    return describePausedHolder(outcome);
  } catch (error) {
    return `the paused holder did not run: ${(error as Error).message}`;
  }
}

/** One line for the demo's output. */
export function describePausedHolder(outcome: PausedHolderOutcome): string {
  const counts = new Map<number, number>();
  for (const status of outcome.bookings) counts.set(status, (counts.get(status) ?? 0) + 1);
  const answers = [...counts].map(([status, n]) => `${n}x ${status}`).join(', ');
  return `${outcome.resource}: holder (token ${outcome.token}) stopped ${(outcome.pausedMs / 1000).toFixed(1)} s; bookings behind it answered ${answers}; woken up, its lease was lost (${outcome.lossReason})`;
}

/**
 * Seeds through an admin route (a funded wallet, a show, a development token): sends the local
 * admin token; resolves with the answer's JSON.
 */
async function post(base: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-admin-token': localAdminToken() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 201) {
    throw new Error(
      `paused holder: POST ${path} answered ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}

interface HolderChild {
  child: ChildProcess;
  /** The next JSON event named `event`; rejects if the holder exits first or takes `timeoutMs`. */
  next(event: string, timeoutMs: number): Promise<Record<string, unknown>>;
  exited: Promise<unknown>;
}

function startHolder(targets: PausedHolderTargets, resource: string): HolderChild {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=lockstep-source',
      holderScript,
      targets.etcd,
      resource,
      String(holderTtlMs),
      targets.instanceId,
      targets.otlpEndpoint,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[
    Symbol.asyncIterator
  ]();
  return {
    child,
    exited,
    async next(event, timeoutMs) {
      const stopWaiting = new AbortController();
      const timeout = sleep(timeoutMs, 'timeout' as const, { signal: stopWaiting.signal }).catch(
        () => 'timeout' as const,
      );
      try {
        for (;;) {
          const line = await Promise.race([lines.next(), timeout]);
          if (line === 'timeout' || line.done) {
            const why = line === 'timeout' ? 'timed out' : 'it exited';
            throw new Error(`paused holder: no "${event}" event (${why}); stderr: ${stderr}`);
          }
          const parsed = JSON.parse(line.value) as Record<string, unknown>;
          if (parsed.event === event) return parsed;
        }
      } finally {
        stopWaiting.abort();
      }
    },
  };
}
