import type { SessionKeeper } from './session-keeper.js';

/**
 * Removes a resource's queue parent once this client has no acquire or lease left on it, so
 * millions of one-off resources do not leave millions of empty nodes behind. The removal waits
 * `delayMs` after the last use: a resource locked again soon (a hot key) then keeps its parent
 * instead of paying two extra writes (delete parent, create parent) per lock and unlock.
 */
export class ParentReaper {
  private readonly users = new Map<string, number>();
  private readonly scheduled = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly sessions: SessionKeeper,
    private readonly delayMs: number,
  ) {}

  /** An acquire on `dir` starts: keep its parent. */
  enter(dir: string): void {
    this.users.set(dir, (this.users.get(dir) ?? 0) + 1);
    clearTimeout(this.scheduled.get(dir));
    this.scheduled.delete(dir);
  }

  /** An acquire on `dir` failed, or its lease was released or lost. */
  leave(dir: string): void {
    const left = (this.users.get(dir) ?? 1) - 1;
    if (left > 0) {
      this.users.set(dir, left);
      return;
    }
    this.users.delete(dir);
    if (!Number.isFinite(this.delayMs)) return; // Infinity: keep parents (e.g. a few hot resources)
    const timer = setTimeout(() => {
      this.scheduled.delete(dir);
      void this.reap(dir);
    }, this.delayMs);
    timer.unref();
    this.scheduled.set(dir, timer);
  }

  /** Reaps every parent still waiting for its delay (before the session closes). */
  async flush(): Promise<void> {
    const dirs = [...this.scheduled.keys()];
    for (const timer of this.scheduled.values()) clearTimeout(timer);
    this.scheduled.clear();
    await Promise.all(dirs.map((dir) => this.reap(dir)));
  }

  private async reap(dir: string): Promise<void> {
    const session = this.sessions.current();
    if (session?.state !== 'connected') return;
    try {
      await session.remove(dir);
    } catch {
      // NOT_EMPTY: someone queued meanwhile and still needs the parent. NO_NODE: another client
      // reaped it first. Anything else: cleanup is best effort, an empty parent is harmless
      // (the next release on it tries again), and it must never fail the caller.
    }
  }
}
