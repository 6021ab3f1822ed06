/** Counts calls in progress, so a consumer's stop() can wait for the last message to finish. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Runs `work`, counted while it runs. */
  async track(work: () => Promise<void>): Promise<void> {
    this.count += 1;
    try {
      await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves once nothing is in progress. */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
