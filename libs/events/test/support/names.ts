import { randomUUID } from 'node:crypto';

// Twins of @lockstep/testkit's uniqueName and waitFor, kept here because testkit depends on
// this package (its payment results and dead-letter watch use the events API): a test helper
// below testkit cannot import it without a dependency cycle.

/** A name no other test run uses, so runs sharing the servers never share topics or groups. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/** Polls `check` until it holds, failing with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
