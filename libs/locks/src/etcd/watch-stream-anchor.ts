import type { Etcd3, Watcher } from 'etcd3';

/** A key no recipe writes: its watch never delivers an event. */
const ANCHOR_KEY = '\u0000lockstep/watch-stream-anchor';

/**
 * Keeps one idle watch open on a client once anyone has waited, so the client's watch stream
 * outlives each wait. etcd3 tears the stream down when its last watcher is cancelled; a watch
 * created in that moment lands on the dying stream and is only re-created after a reconnect
 * backoff that grows with every repeat. A waiter that watches, wakes and cancels once per
 * hand-off hits that window again and again: waits of seconds on a lock handed over in
 * milliseconds. The idle watch costs etcd one registration and never fires.
 */
export class WatchStreamAnchor {
  private watcher: Watcher | undefined;
  private closed = false;

  constructor(private readonly client: Etcd3) {}

  /** Opens the idle watch if it is not open yet (a no-op after close). */
  hold(): void {
    if (this.watcher !== undefined || this.closed) return;
    this.watcher = this.client.watch().key(ANCHOR_KEY).watcher();
    // Safe to swallow: etcd3 re-creates the watch after a reconnect by itself; an error only
    // means the stream may close between waits again until then.
    this.watcher.on('error', () => undefined);
  }

  /** Cancels the idle watch, so a client shared with others is left as it was found. */
  async close(): Promise<void> {
    this.closed = true;
    const watcher = this.watcher;
    this.watcher = undefined;
    // Safe to swallow: a watch that cannot be cancelled dies with its stream.
    await watcher?.cancel().catch(() => undefined);
  }
}
