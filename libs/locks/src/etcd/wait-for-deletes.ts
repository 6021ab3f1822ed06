import type { Etcd3, IKeyValue } from 'etcd3';

/** Our own key in the queue: while waiting, every read is guarded by it still existing. */
export interface OwnQueueKey {
  key: string;
  createRevision: bigint;
}

/** Thrown when our own key is gone (its session's lease ended) while we wait. */
export class OwnKeyGoneError extends Error {
  constructor(key: string) {
    super(`etcd queue key ${key} is gone`);
  }
}

/**
 * Waits until fewer than `holders` keys under `prefix` are older than `own` (created before
 * it), like etcd's concurrency.waitDeletes. Every read is one transaction guarded by `own`
 * still existing with its create revision, so the read that ends the wait also proves the
 * key is still ours (no separate re-read of it); if it is gone, rejects with OwnKeyGoneError.
 *
 * It watches only the `holders` nearest older keys: for a mutex (holders = 1) just the
 * next-older key, so a release wakes exactly one waiter (no herd) and waiters are served in
 * create-revision order (FIFO). For a semaphore of N permits, while the N nearest older keys all
 * exist there are still N keys ahead, so no other deletion can make room; watching those N is
 * exact, where watching only the N-th would leave a freed permit idle until it went too.
 *
 * Watches start at the current revision, never at an older one: etcd serves a watch that
 * starts in the past from its "unsynced" set, which it catches up only every 100 ms, and on a
 * busy queue that delay, not the round trips, set the hand-off rate. A delete between the read
 * and the watch is caught instead by reading again once the watch exists, whenever etcd's
 * revision moved in between.
 *
 * Rejects with `signal.reason` once `signal` aborts, and with etcd's error if a read fails.
 * `onWaitingBehind` is given the values of the keys watched, each time a new set is watched.
 */
export async function waitForDeletes(
  client: Etcd3,
  prefix: string,
  own: OwnQueueKey,
  holders: number,
  signal: AbortSignal,
  onWaitingBehind?: (values: Buffer[]) => void,
): Promise<void> {
  let older = await readOlder(client, prefix, own, holders, signal);
  for (;;) {
    if (older.kvs.length < holders) return;
    onWaitingBehind?.(older.kvs.map((kv) => kv.value));
    const watch = await watchDeletes(
      client,
      older.kvs.map((kv) => kv.key),
      signal,
    );
    try {
      if (watch.revision > older.revision) {
        const again = await readOlder(client, prefix, own, holders, signal);
        if (!sameKeys(again.kvs, older.kvs)) {
          older = again;
          continue;
        }
      }
      await watch.deleted;
    } finally {
      watch.close();
    }
    older = await readOlder(client, prefix, own, holders, signal);
  }
}

interface OlderKeys {
  /** The `holders` nearest keys older than ours, nearest first. */
  kvs: IKeyValue[];
  /** The revision the read saw. */
  revision: bigint;
}

async function readOlder(
  client: Etcd3,
  prefix: string,
  own: OwnQueueKey,
  holders: number,
  signal: AbortSignal,
): Promise<OlderKeys> {
  signal.throwIfAborted();
  const response = await abortable(
    client
      .if(own.key, 'Create', '==', own.createRevision.toString())
      .then(
        client
          .getAll()
          .prefix(prefix)
          .maxCreateRevision((own.createRevision - 1n).toString())
          .sort('Create', 'Descend')
          .limit(holders),
      )
      .commit(),
    signal,
  );
  if (!response.succeeded) throw new OwnKeyGoneError(own.key);
  return {
    kvs: response.responses[0]?.response_range.kvs ?? [],
    revision: BigInt(response.header.revision),
  };
}

function sameKeys(a: IKeyValue[], b: IKeyValue[]): boolean {
  return (
    a.length === b.length &&
    a.every((kv, i) => kv.create_revision === b[i]?.create_revision && kv.key.equals(b[i].key))
  );
}

interface DeleteWatch {
  /** etcd's revision when the watch was created: every later delete is delivered. */
  revision: bigint;
  /** Resolves when any watched key is deleted (or etcd cancels the watch); rejects on abort. */
  deleted: Promise<void>;
  close(): void;
}

/** Watches `keys` for deletes from the current revision; resolves once etcd created the watch. */
function watchDeletes(client: Etcd3, keys: Buffer[], signal: AbortSignal): Promise<DeleteWatch> {
  const watchers = keys.map((key) => client.watch().key(key).watcher());
  let settled = false;
  let onSettle: (error?: unknown) => void = () => undefined;
  const deleted = new Promise<void>((resolve, reject) => {
    onSettle = (error) => (error === undefined ? resolve() : reject(error));
  });
  // Rejections are consumed by whoever awaits `deleted`; an unawaited one must not crash.
  deleted.catch(() => undefined);
  const settle = (error?: unknown) => {
    if (settled) return;
    settled = true;
    signal.removeEventListener('abort', onAbort);
    onSettle(error);
  };
  const onAbort = () => settle(signal.reason);
  const close = () => {
    settle();
    for (const watcher of watchers) {
      // Safe to swallow: a watch that cannot be cancelled dies with its stream; it holds no lock.
      watcher.cancel().catch(() => undefined);
    }
  };
  const created = watchers.map(
    (watcher) =>
      new Promise<bigint>((resolve) => {
        watcher.once('connected', (res: { header: { revision: string } }) =>
          resolve(BigInt(res.header.revision)),
        );
        watcher.on('delete', () => settle());
        // etcd cancelled the watch (e.g. compacted): not a verdict on the queue, so wake up and
        // let the caller read the queue again.
        watcher.on('error', () => {
          settle();
          resolve(-1n);
        });
      }),
  );
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return abortable(Promise.all(created), signal).then(
    (revisions) => {
      let revision = 0n;
      for (const r of revisions) if (r > revision) revision = r;
      return { revision, deleted, close };
    },
    (error: unknown) => {
      close();
      throw error;
    },
  );
}

/** `promise`, or a rejection with `signal.reason` as soon as `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
