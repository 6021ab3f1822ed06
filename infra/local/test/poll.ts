import { setTimeout as sleep } from 'node:timers/promises';

// Not @lockstep/testkit's waitFor: testkit depends on this package (see unique-name.ts). This
// one also swallows a failing attempt's error, as servers still starting up throw.

/**
 * Calls `attempt` every `intervalMs` until it returns a value other than undefined, and returns
 * that value; throws, naming `what` and the last error, once `timeoutMs` has passed. For state
 * that arrives on a server's own schedule (a scrape, a flush), never for a fixed sleep.
 */
export async function poll<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  { timeoutMs = 45_000, intervalMs = 500 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      // The server may not have the answer yet; the last error goes into the timeout message.
      lastError = error;
    }
    await sleep(intervalMs);
  }
  throw new Error(
    `${what}: not within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`,
  );
}

/** One series of a Prometheus instant query. */
export interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Runs an instant query against Prometheus's HTTP API and returns its vector. */
export async function promQuery(prometheus: string, query: string): Promise<PromSample[]> {
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { status: string; data?: { result: PromSample[] } };
  if (body.status !== 'success') throw new Error(`query ${query}: ${JSON.stringify(body)}`);
  return body.data?.result ?? [];
}
