import {
  type Attributes,
  isSpanContextValid,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { monotonicNow } from './clock.js';
import { isLockError, LockErrorCode } from './errors/index.js';
import type { LockStrategy } from './lock.js';
import { type AcquireOutcome, lockInstruments, seedZeroSeries } from './lock-instruments.js';

/**
 * Lock spans and metrics through @opentelemetry/api only: with no SDK registered every call
 * is a no-op, and nothing here may throw at the caller (telemetry never breaks locking).
 */
const tracer = trace.getTracer('@lockstep/locks');

/**
 * A low-cardinality class for metric labels: the resource up to its last ':' or '/', so
 * `sku:42` and `sku:43` aggregate as `sku` (spans still carry the full resource).
 */
export function resourceClass(resource: string): string {
  const cut = Math.max(resource.lastIndexOf(':'), resource.lastIndexOf('/'));
  return cut > 0 ? resource.slice(0, cut) : resource;
}

/** What a backend reports about one acquire while it runs. */
export interface AcquireProgress {
  /** Attempts made so far (requests to take the lock, not renewals). */
  attempts: number;
  /** Whether the lock was found held by someone else at least once. */
  contended: boolean;
  /**
   * The W3C `traceparent` of this acquire's span, '' when it is not traced. A backend stores
   * it with its queue entry, so that whoever waits behind this acquire can link to it.
   */
  readonly traceparent: string;
  /**
   * Links this acquire's span to the span of the one it waits behind, given the `traceparent`
   * read from that one's queue entry. In Jaeger the waiter's span then leads to the trace that
   * held it up. Anything that is not a traceparent, or one already linked, is ignored.
   */
  waitingBehind(traceparent: string | undefined): void;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

function traceparentOf(span: Span | undefined): string {
  const context = span?.spanContext();
  if (context === undefined || !isSpanContextValid(context)) return '';
  const flags = context.traceFlags.toString(16).padStart(2, '0');
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

function acquireProgress(span: Span | undefined): AcquireProgress {
  let linked: Set<string> | undefined;
  let traceparent: string | undefined;
  return {
    attempts: 0,
    contended: false,
    // Computed on first use: only the queue backends store it, and only when traced.
    get traceparent() {
      traceparent ??= traceparentOf(span);
      return traceparent;
    },
    waitingBehind(traceparent) {
      const match = traceparent === undefined ? null : traceparentPattern.exec(traceparent);
      if (span === undefined || match === null || linked?.has(traceparent as string)) return;
      linked ??= new Set();
      linked.add(traceparent as string);
      const [, traceId = '', spanId = '', flags = '00'] = match;
      safely(() =>
        span.addLink({
          context: { traceId, spanId, traceFlags: Number.parseInt(flags, 16), isRemote: true },
          attributes: { 'lock.link': 'waited_behind' },
        }),
      );
    },
  };
}

function outcomeOf(error: unknown): AcquireOutcome {
  if (isLockError(error, LockErrorCode.Contended)) return 'timeout';
  if (isLockError(error, LockErrorCode.Cancelled)) return 'cancelled';
  return 'unavailable';
}

function safely(work: () => void): void {
  try {
    work();
  } catch {
    // Telemetry must never fail a lock operation; a broken exporter only loses data points.
  }
}

/** Runs a backend's acquire inside a `lock.acquire` span and records wait time and outcome. */
export async function traceAcquire<T extends { fencingToken: bigint | null }>(
  strategy: LockStrategy,
  resource: string,
  acquire: (progress: AcquireProgress) => Promise<T>,
): Promise<T> {
  const started = monotonicNow();
  let span: Span | undefined;
  safely(() => {
    span = tracer.startSpan('lock.acquire', {
      attributes: { 'lock.strategy': strategy, 'lock.resource': resource },
    });
  });
  const progress = acquireProgress(span);
  const finish = (outcome: AcquireOutcome, token: bigint | null, error?: unknown) =>
    safely(() => {
      const waitMs = monotonicNow() - started;
      const labels: Attributes = {
        'lock.strategy': strategy,
        'lock.resource_class': resourceClass(resource),
        'lock.outcome': outcome,
      };
      seedZeroSeries(strategy, resourceClass(resource));
      const { waitHistogram, outcomeCounter, contendedCounter } = lockInstruments();
      waitHistogram.record(waitMs, labels);
      outcomeCounter.add(1, labels);
      // Adding 0 for an uncontended acquire publishes the series, so a contention rate reads
      // 0 (not "no data") until the first contention.
      contendedCounter.add(progress.contended ? 1 : 0, labels);
      // A span that records nothing (no SDK, or sampled out) needs no attributes built.
      if (!span?.isRecording()) return span?.end();
      span.setAttributes({
        'lock.outcome': outcome,
        'lock.attempts': progress.attempts,
        'lock.contended': progress.contended,
        'lock.wait_ms': waitMs,
        ...(token === null ? {} : { 'lock.token': token.toString() }),
      });
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        if (outcome === 'unavailable') span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
  try {
    const lease = await acquire(progress);
    finish('acquired', lease.fencingToken);
    return lease;
  } catch (error) {
    finish(outcomeOf(error), null, error);
    throw error;
  }
}

/** A `lock.hold` span opened when a lease is granted; ended exactly once by the lease. */
export interface HoldRecorder {
  /** Ends the span with the final outcome (`released` or `lost`). */
  end(outcome: 'released' | 'lost', detail?: string): void;
}

/** Opens the `lock.hold` span for a new lease. */
export function traceHold(
  strategy: LockStrategy,
  resource: string,
  token: bigint | null,
): HoldRecorder {
  const started = monotonicNow();
  // Leases granted outside traceAcquire (elections) need the zero lost series too.
  safely(() => seedZeroSeries(strategy, resourceClass(resource)));
  let span: Span | undefined;
  safely(() => {
    span = tracer.startSpan('lock.hold', {
      attributes: {
        'lock.strategy': strategy,
        'lock.resource': resource,
        ...(token === null ? {} : { 'lock.token': token.toString() }),
      },
    });
  });
  let ended = false;
  return {
    end(outcome, detail) {
      if (ended) return;
      ended = true;
      safely(() => {
        const holdMs = monotonicNow() - started;
        const labels = {
          'lock.strategy': strategy,
          'lock.resource_class': resourceClass(resource),
        };
        const { holdHistogram, lostCounter } = lockInstruments();
        holdHistogram.record(holdMs, { ...labels, 'lock.outcome': outcome });
        if (outcome === 'lost')
          lostCounter.add(1, { ...labels, 'lock.loss_reason': detail ?? 'unknown' });
        if (!span?.isRecording()) return span?.end();
        span.setAttributes({ 'lock.outcome': outcome, 'lock.hold_ms': holdMs });
        if (detail !== undefined) span.setAttribute('lock.loss_reason', detail);
        if (outcome === 'lost') span.setStatus({ code: SpanStatusCode.ERROR, message: detail });
        span.end();
      });
    },
  };
}

/**
 * Counts compare-and-swap attempts that lost to a concurrent writer. Zero is added too: it
 * publishes the series, so the conflict rate reads 0 (not "no data") until the first conflict.
 */
export function recordCasConflicts(resource: string, conflicts: number): void {
  safely(() =>
    lockInstruments().casConflictCounter.add(conflicts, {
      'lock.resource_class': resourceClass(resource),
    }),
  );
}

/**
 * Counts one write the storage checked against a lease's fencing token: a refused write adds
 * 1 to `lock.fencing.rejections`, an accepted one adds 0, which publishes the series so that
 * the first refusal shows as an increase. Called by the service that owns the fenced write
 * (the lock library hands out the token, the storage enforces it).
 */
export function recordFencedWrite(
  strategy: LockStrategy,
  resource: string,
  outcome: 'accepted' | 'rejected',
): void {
  safely(() =>
    lockInstruments().fencingRejectionCounter.add(outcome === 'rejected' ? 1 : 0, {
      'lock.strategy': strategy,
      'lock.resource_class': resourceClass(resource),
    }),
  );
}

/** Runs an optimistic compare-and-swap loop inside a `lock.cas` span (strategy `cas`). */
export async function traceCas<T extends { attempts: number; conflicts: number; version: bigint }>(
  resource: string,
  run: () => Promise<T>,
): Promise<T> {
  const started = monotonicNow();
  let span: Span | undefined;
  safely(() => {
    span = tracer.startSpan('lock.cas', {
      attributes: { 'lock.strategy': 'cas', 'lock.resource': resource },
    });
  });
  const labels = { 'lock.strategy': 'cas', 'lock.resource_class': resourceClass(resource) };
  try {
    const result = await run();
    safely(() => {
      lockInstruments().waitHistogram.record(monotonicNow() - started, {
        ...labels,
        'lock.outcome': 'acquired',
      });
      span?.setAttributes({
        'lock.outcome': 'applied',
        'lock.attempts': result.attempts,
        'lock.contended': result.conflicts > 0,
        'lock.cas.conflicts': result.conflicts,
        'lock.token': result.version.toString(),
      });
      span?.end();
    });
    return result;
  } catch (error) {
    safely(() => {
      lockInstruments().waitHistogram.record(monotonicNow() - started, {
        ...labels,
        'lock.outcome': outcomeOf(error),
      });
      span?.recordException(error instanceof Error ? error : String(error));
      if (isLockError(error, LockErrorCode.CasConflict)) {
        span?.setAttribute('lock.outcome', 'exhausted');
        span?.setStatus({ code: SpanStatusCode.ERROR });
      } else {
        // The caller's write refused (e.g. capacity full) or failed; which of the two it was
        // only the caller knows, so the span records the exception without judging it.
        span?.setAttribute('lock.outcome', 'aborted');
      }
      span?.end();
    });
    throw error;
  }
}
