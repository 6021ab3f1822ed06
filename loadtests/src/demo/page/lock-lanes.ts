import type { HotResource, LockAttempt, ResourceLane } from './contention-report.js';
import type { TracedSpan } from './jaeger-query.js';

const acquireNames = new Set(['lock.acquire', 'lock.cas']);

/** A hold starts inside its acquire, just before the acquire span ends; further apart is not a pair. */
const pairingSlackMs = 1_000;

const text = (value: unknown) => (value === undefined ? undefined : String(value));

/**
 * Folds lock spans into one lane per resource: each acquire paired with the hold it led to
 * (same process, same fencing token where there is one, the hold starting as the acquire
 * ends). A hold whose acquire was not read still counts, with a wait of zero.
 */
export function buildLanes(spans: readonly TracedSpan[]): ResourceLane[] {
  const byResource = new Map<string, TracedSpan[]>();
  for (const span of spans) {
    const resource = span.attributes['lock.resource'];
    if (typeof resource !== 'string') continue;
    if (!acquireNames.has(span.name) && span.name !== 'lock.hold') continue;
    const list = byResource.get(resource);
    if (list) list.push(span);
    else byResource.set(resource, [span]);
  }
  return [...byResource].map(([resource, own]) => laneOf(resource, own));
}

function laneOf(resource: string, spans: TracedSpan[]): ResourceLane {
  const acquires = spans.filter((span) => acquireNames.has(span.name));
  const holds = spans.filter((span) => span.name === 'lock.hold').sort((a, b) => a.start - b.start);
  const holdOf = pairHolds(acquires, holds);
  const attempts: LockAttempt[] = acquires.map((acquire) => {
    const hold = holdOf.get(acquire);
    return {
      ...attemptBase(acquire),
      waitStart: acquire.start,
      waitEnd: acquire.end,
      outcome: text(acquire.attributes['lock.outcome']) ?? 'unknown',
      contended: acquire.attributes['lock.contended'] === true,
      acquireSpanId: acquire.spanId,
      behind: acquire.links,
      ...(hold ? holdFields(hold) : {}),
      ...(hold && hold.traceId !== acquire.traceId ? { holdTraceId: hold.traceId } : {}),
    };
  });
  const paired = new Set(holdOf.values());
  for (const hold of holds) {
    if (paired.has(hold)) continue;
    attempts.push({
      ...attemptBase(hold),
      waitStart: hold.start,
      waitEnd: hold.start,
      outcome: 'acquired',
      contended: false,
      behind: [],
      ...holdFields(hold),
    });
  }
  attempts.sort((a, b) => a.waitStart - b.waitStart);
  return {
    resource,
    strategy: text(spans[0]?.attributes['lock.strategy']) ?? '?',
    attempts,
    holds: holds.length,
    contended: attempts.filter((a) => a.contended).length,
    lost: attempts.filter((a) => a.holdOutcome === 'lost').length,
    waitedMs: attempts.reduce((sum, a) => sum + (a.waitEnd - a.waitStart), 0),
    start: attempts.reduce((min, a) => Math.min(min, a.waitStart), Number.POSITIVE_INFINITY),
    end: attempts.reduce((max, a) => Math.max(max, a.holdEnd ?? a.waitEnd), 0),
  };
}

function attemptBase(span: TracedSpan) {
  const token = text(span.attributes['lock.token']);
  return {
    traceId: span.traceId,
    holder: span.instance,
    service: span.service,
    ...(token === undefined ? {} : { token }),
  };
}

function holdFields(hold: TracedSpan) {
  const lossReason = text(hold.attributes['lock.loss_reason']);
  return {
    holdStart: hold.start,
    holdEnd: hold.end,
    holdOutcome: text(hold.attributes['lock.outcome']) ?? 'unknown',
    holdSpanId: hold.spanId,
    ...(lossReason === undefined ? {} : { lossReason }),
  };
}

/**
 * Each successful acquire's hold: the closest unpaired hold of the same process. Not "of the
 * same trace": a holder with no span around its work starts each span as a trace of its own.
 */
function pairHolds(acquires: TracedSpan[], holds: TracedSpan[]): Map<TracedSpan, TracedSpan> {
  const key = (span: TracedSpan) => span.instance;
  const candidates = new Map<string, TracedSpan[]>();
  for (const hold of holds) {
    const list = candidates.get(key(hold));
    if (list) list.push(hold);
    else candidates.set(key(hold), [hold]);
  }
  const pairs = new Map<TracedSpan, TracedSpan>();
  for (const acquire of acquires) {
    if (acquire.name !== 'lock.acquire' || acquire.attributes['lock.outcome'] !== 'acquired')
      continue;
    const list = candidates.get(key(acquire)) ?? [];
    const token = acquire.attributes['lock.token'];
    let best: { hold: TracedSpan; gap: number } | undefined;
    for (const hold of list) {
      if (token !== undefined && hold.attributes['lock.token'] !== token) continue;
      const gap = Math.abs(hold.start - acquire.end);
      if (gap <= pairingSlackMs && (!best || gap < best.gap)) best = { hold, gap };
    }
    if (!best) continue;
    pairs.set(acquire, best.hold);
    list.splice(list.indexOf(best.hold), 1);
  }
  return pairs;
}

/**
 * How hot a lane ran: the time its acquires spent queued behind another holder. An uncontended
 * wait is the backend's round trip (a readiness probe, an election's first campaign), not heat.
 */
function heat(lane: ResourceLane): number {
  return lane.attempts.reduce((sum, a) => sum + (a.contended ? a.waitEnd - a.waitStart : 0), 0);
}

const hotterFirst = (a: ResourceLane, b: ResourceLane) =>
  heat(b) - heat(a) || b.holds - a.holds || b.attempts.length - a.attempts.length;

/**
 * The lanes worth drawing: the `count` hottest of those that were contended or changed hands,
 * and every lane where a lease was lost (those first: a lost lease is what someone opening the
 * page must not miss). A resource locked once without contention (a readiness probe, an
 * election's campaign) is not a hot resource.
 */
export function pickLanes(lanes: readonly ResourceLane[], count: number): ResourceLane[] {
  const hottest = [...lanes].sort(hotterFirst);
  const busy = hottest.filter((lane) => heat(lane) > 0 || lane.attempts.length > 1);
  const picked = new Set([...busy.slice(0, count), ...lanes.filter((lane) => lane.lost > 0)]);
  return hottest.filter((lane) => picked.has(lane)).sort((a, b) => b.lost - a.lost);
}

/** The `count` hottest resources, for the hottest-resources table. */
export function hottestResources(lanes: readonly ResourceLane[], count: number): HotResource[] {
  return [...lanes]
    .sort(hotterFirst)
    .slice(0, count)
    .map((lane) => {
      const waits = lane.attempts
        .filter((a) => a.acquireSpanId !== undefined)
        .map((a) => a.waitEnd - a.waitStart)
        .sort((x, y) => x - y);
      return {
        resource: lane.resource,
        strategy: lane.strategy,
        acquires: waits.length,
        contended: lane.contended,
        holds: lane.holds,
        lost: lane.lost,
        waitedMs: lane.waitedMs,
        queuedMs: heat(lane),
        waitP95Ms: waits[Math.min(waits.length - 1, Math.floor(0.95 * waits.length))] ?? 0,
      };
    });
}
