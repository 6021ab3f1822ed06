import type { Etcd3 } from 'etcd3';

/**
 * Waits until fewer than `holders` keys under `prefix` have a create revision at or below
 * `maxCreateRevision` (the waiter's own revision minus one), like etcd's concurrency.waitDeletes.
 *
 * It watches only the `holders` nearest older keys: for a mutex (holders = 1) just the
 * next-older key, so a release wakes exactly one waiter (no herd) and waiters are served in
 * create-revision order (FIFO). For a semaphore of N permits, while the N nearest older keys all
 * exist there are still N keys ahead, so no other deletion can make room; watching those N is
 * exact, where watching only the N-th would leave a freed permit idle until it went too.
 *
 * Rejects with `signal.reason` once `signal` aborts, and with etcd's error if a read fails.
 * `onWaitingBehind` is given the values of the keys watched, each time a new set is watched.
 */
export async function waitForDeletes(
  client: Etcd3,
  prefix: string,
  maxCreateRevision: bigint,
  holders: number,
  signal: AbortSignal,
  onWaitingBehind?: (values: Buffer[]) => void,
): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    const older = await abortable(
      client
        .getAll()
        .prefix(prefix)
        .maxCreateRevision(maxCreateRevision.toString())
        .sort('Create', 'Descend')
        .limit(holders)
        .exec(),
      signal,
    );
    if (older.kvs.length < holders) return;
    onWaitingBehind?.(older.kvs.map((kv) => kv.value));
    // Watching from the revision just after the read: a delete in between is still delivered.
    const from = BigInt(older.header.revision) + 1n;
    await waitForAnyDelete(
      client,
      older.kvs.map((kv) => kv.key),
      from,
      signal,
    );
  }
}

/** Resolves when any of `keys` is deleted at or after revision `from`; rejects when `signal` aborts. */
function waitForAnyDelete(
  client: Etcd3,
  keys: Buffer[],
  from: bigint,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const watchers = keys.map((key) =>
      client.watch().key(key).startRevision(from.toString()).watcher(),
    );
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      for (const watcher of watchers) {
        // Safe to swallow: a watch that cannot be cancelled dies with its stream; it holds no lock.
        watcher.cancel().catch(() => undefined);
      }
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle(signal.reason);
    for (const watcher of watchers) {
      watcher.on('delete', () => settle());
      // etcd cancelled the watch (e.g. the revision was compacted): not a verdict on the queue,
      // so resolve and let the caller read the queue again.
      watcher.on('error', () => settle());
    }
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `promise`, or a rejection with `signal.reason` as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
