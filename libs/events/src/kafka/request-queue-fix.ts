import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The kafkajs release whose request queue this fixes; another release is left untouched. */
export const fixedKafkajsVersion = '2.2.4';

/** kafkajs' own fallback re-check while requests are pending (its CHECK_PENDING_REQUESTS_INTERVAL). */
const pendingRecheckMs = 10;

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

let applied: boolean | undefined;

/**
 * Stops kafkajs 2.2.4 from spinning on a timer. Its RequestQueue re-arms
 * `setTimeout(check, throttledUntil - now)` after every check, even with nothing pending; unthrottled,
 * that delay is negative, so every broker connection runs a ~1 ms timer loop forever (kafkajs
 * issues #1556 and #1704, unreleased fix #1667). Eight idle replicas spent a tenth of a core each on it.
 *
 * The replacement schedules a check only while requests are pending, and never sooner than
 * kafkajs' own 10 ms re-check, so a marginal throttle (the race kafkajs #1532 fixed) still
 * gets its check. Nothing else needs the timer: a new request either goes out at once or is
 * queued and schedules a check, and every finished request checks the queue itself.
 *
 * Applied once, by createKafkaClient; true when the running kafkajs is the release it fixes.
 */
export function fixKafkajsRequestQueue(): boolean {
  if (applied !== undefined) return applied;
  const { version } = require('kafkajs/package.json') as { version: string };
  applied = version === fixedKafkajsVersion;
  if (!applied) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueueInternals;
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = function schedule(
    this: RequestQueueInternals,
  ) {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const wait = Math.max(this.throttledUntil - Date.now(), pendingRecheckMs);
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, wait);
  };
  return true;
}
