import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { type Claimed, OrderCoalescer, type Settled } from './order-coalescer.js';

/** A runner whose batches wait for the test to open a gate before claiming, like a lock. */
function gatedRunner() {
  const batches: number[][] = [];
  let open: () => void = () => {};
  let gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const runner = async (_key: string, claim: () => readonly Claimed<number>[]) => {
    await gate;
    const claimed = claim();
    batches.push(claimed.map((c) => c.request));
    return claimed.map((c): Settled<number> => ({ ok: true, value: c.request * 10 }));
  };
  return {
    runner,
    batches,
    release: () => open(),
    closeAgain: () => {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
    },
  };
}

const options = {
  maxQueued: 5,
  maxBatch: 3,
  queueFull: () => new Error('full'),
  cancelled: () => new Error('cancelled'),
};

describe('OrderCoalescer', () => {
  it('serves requests that queued while a batch waited together, in arrival order, batch-bounded', async () => {
    const gated = gatedRunner();
    const coalescer = new OrderCoalescer(gated.runner, options);
    const answers = [1, 2, 3, 4].map((n) => coalescer.submit('k', n));
    expect(coalescer.isActive('k')).toBe(true);
    gated.release();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
    expect(gated.batches).toEqual([[1, 2, 3], [4]]);
    expect(coalescer.isActive('k')).toBe(false);
  });

  it('refuses a request beyond the queue limit with queueFull', async () => {
    const gated = gatedRunner();
    const coalescer = new OrderCoalescer(gated.runner, options);
    const queued = [1, 2, 3, 4, 5].map((n) => coalescer.submit('k', n));
    await expect(coalescer.submit('k', 6)).rejects.toThrow('full');
    gated.release();
    await Promise.all(queued);
  });

  it('drops a request whose signal fires while queued; the runner never sees it', async () => {
    const gated = gatedRunner();
    const coalescer = new OrderCoalescer(gated.runner, options);
    const controller = new AbortController();
    const first = coalescer.submit('k', 1);
    const dropped = coalescer.submit('k', 2, controller.signal);
    const third = coalescer.submit('k', 3);
    controller.abort();
    await expect(dropped).rejects.toThrow('cancelled');
    gated.release();
    expect([await first, await third]).toEqual([10, 30]);
    expect(gated.batches).toEqual([[1, 3]]);
  });

  it('fails every queued request when the batch fails before claiming', async () => {
    const coalescer = new OrderCoalescer<number, number>(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('busy');
    }, options);
    const answers = [1, 2].map((n) => coalescer.submit('k', n));
    for (const answer of answers) await expect(answer).rejects.toThrow('busy');
    expect(coalescer.isActive('k')).toBe(false);
  });

  it('answers each request with its own outcome inside one batch', async () => {
    const coalescer = new OrderCoalescer<number, number>(
      async (_key, claim) =>
        claim().map(({ request }) =>
          request % 2 ? { ok: true, value: request } : { ok: false, error: new Error('even') },
        ),
      options,
    );
    const [one, two] = [coalescer.submit('k', 1), coalescer.submit('k', 2)];
    expect(await one).toBe(1);
    await expect(two).rejects.toThrow('even');
  });

  it('runs each batch in the async context of the request at its head', async () => {
    // The trace of a request lives in its async context: a batch's lock spans must land in
    // the trace of a request it serves, not of whichever request started the drain.
    const requestContext = new AsyncLocalStorage<string>();
    const gated = gatedRunner();
    const seen: Array<string | undefined> = [];
    const coalescer = new OrderCoalescer<number, number>(async (key, claim) => {
      seen.push(requestContext.getStore());
      return gated.runner(key, claim);
    }, options);
    const answers = [1, 2, 3, 4].map((n) =>
      requestContext.run(`request-${n}`, () => coalescer.submit('k', n)),
    );
    gated.release();
    await Promise.all(answers);
    expect(gated.batches).toEqual([[1, 2, 3], [4]]);
    expect(seen).toEqual(['request-1', 'request-4']);
  });
});
