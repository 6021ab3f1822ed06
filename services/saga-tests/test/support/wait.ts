import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined or false,
 * and resolves with that value; throws naming `what` (and the last state `describe` gives)
 * once `timeoutMs` has passed.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; describe?: () => string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const state = options.describe ? `; last state: ${options.describe()}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}`);
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/**
 * Runs `work(index)` for every index below `count` with at most `limit` in flight, and
 * resolves with the results in index order. A rejection stops new work and is rethrown.
 */
export async function mapLimit<T>(
  count: number,
  limit: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
  return results;
}
