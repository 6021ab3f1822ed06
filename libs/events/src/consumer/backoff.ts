/**
 * Delay before retry number `attempt` (1 = the first retry): `baseMs` doubled per attempt and
 * capped at `maxMs`. No jitter: retries of one partition are sequential by design, so there is
 * no herd of clients to spread out.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  // 2 ** 31 ms is years; clamping the exponent keeps huge attempt counts from reaching Infinity.
  return Math.min(maxMs, baseMs * 2 ** Math.min(exponent, 31));
}

/**
 * Resolves true after `ms`, or false as soon as `signal` aborts; never rejects. A stopping
 * consumer uses the false to leave a message uncommitted rather than wait out its backoff.
 */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
