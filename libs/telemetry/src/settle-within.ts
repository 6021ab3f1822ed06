/** How a bounded wait ended. */
export type SettleOutcome = 'done' | 'failed' | 'timed-out';

/** Waits for `work` at most `timeoutMs` and says how it ended; never rejects. */
export async function settleWithin(
  work: Promise<unknown>,
  timeoutMs: number,
): Promise<SettleOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<SettleOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), Math.max(0, timeoutMs));
  });
  const settled = work.then(
    (): SettleOutcome => 'done',
    (): SettleOutcome => 'failed',
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
