/**
 * A seat-lock holder in a process of its own, so that the demo can pause it with SIGSTOP the
 * way a long GC pause or a frozen VM would. Run by pause-a-holder.ts:
 *
 *   paused-holder-process <etcd url> <resource> <ttlMs> <instance id> <otlp endpoint | "">
 *
 * Prints one JSON line per event on stdout: `{"event":"acquired","token":"..."}` once it holds
 * the lock, then, after it was stopped past its TTL and continued, `{"event":"lost",...}` as
 * its lease's signal fires. Its `lock.acquire` and `lock.hold` spans (the hold ending `lost`)
 * go to the same collector as the replicas' spans, as service `paused-holder`.
 */
import { EtcdLock, type Lease, LockLostError } from '@lockstep/locks';
import { startTelemetry } from '@lockstep/telemetry';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';

const [etcd, resource, ttl, instanceId, otlpEndpoint] = process.argv.slice(2);
if (!etcd || !resource || !ttl || !instanceId) {
  throw new Error(
    'usage: paused-holder-process <etcd url> <resource> <ttlMs> <instance id> <otlp endpoint>',
  );
}

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const telemetry = await startTelemetry({
  serviceName: 'paused-holder',
  instanceId,
  otlpEndpoint: otlpEndpoint || undefined,
  diagnostics: (message) => process.stderr.write(`${message}\n`),
});
// One span around the holder's work, so that its acquire and its lost hold are one trace,
// as a replica's are inside the request that locks.
const work = trace.getTracer('lockstep-demo').startSpan('paused holder');
const lock = new EtcdLock({ endpoints: etcd });
const lease: Lease = await context.with(trace.setSpan(context.active(), work), () =>
  lock.acquire(resource, { ttlMs: Number(ttl), waitMs: 10_000 }),
);
emit({ event: 'acquired', token: lease.fencingToken?.toString() });

// The lease renews itself in the background; a stopped process renews nothing. Once continued,
// the overdue deadline fires the signal on the next turn of the event loop.
await new Promise<void>((resolve) => {
  if (lease.signal.aborted) resolve();
  else lease.signal.addEventListener('abort', () => resolve(), { once: true });
});
const cause: unknown = lease.signal.reason;
const reason = cause instanceof LockLostError ? cause.reason : String(cause);
work.setStatus({ code: SpanStatusCode.ERROR, message: `lease lost (${reason})` });
work.end();
emit({ event: 'lost', reason });

// The lease is gone: closing revokes nothing of value, and a failure here changes nothing the
// demo shows, so it is only reported.
await lock.close().catch((error: unknown) => process.stderr.write(`close: ${String(error)}\n`));
await telemetry.shutdown();
process.exit(0);
