import { setTimeout as sleep } from 'node:timers/promises';

/** How {@link waitFor} polls. */
export interface WaitOptions {
  /** How long to keep asking before failing; default 30 s. */
  timeoutMs?: number;
  /** The pause between two checks; default 100 ms. */
  intervalMs?: number;
  /** The last state seen, quoted in the timeout error. */
  describe?: () => string;
}

/**
 * Polls `check` until it returns a value other than undefined or false, and resolves with that
 * value (`true` for a boolean check); throws naming `what` (and the state `describe` gives)
 * once `timeoutMs` has passed. For state that arrives on a server's own schedule, never for a
 * fixed sleep.
 */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  options: WaitOptions = {},
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
    await sleep(options.intervalMs ?? 100);
  }
}
