import { ZooKeeperLock } from '@lockstep/locks';
import type { Component } from '@lockstep/service-kit';

/** Options for {@link ZooKeeperLockComponent}. */
export interface ZooKeeperLockComponentOptions {
  connectionString: string;
  sessionTimeoutMs: number;
  /** This replica's id; names its private readiness resource. */
  instanceId: string;
}

/**
 * The SKU locks' ZooKeeper client as a runtime component. Start proves ZooKeeper answers (a
 * replica that cannot lock must not take orders); readiness fails while the session is
 * suspended, when every lease's signal has fired; stop closes the session after the entry
 * points stopped, which releases anything still held.
 */
export class ZooKeeperLockComponent implements Component {
  readonly name = 'zookeeper-lock';
  /** The lock itself, for the use cases. */
  readonly lock: ZooKeeperLock;
  private readonly probeResource: string;

  constructor(options: ZooKeeperLockComponentOptions) {
    this.lock = new ZooKeeperLock({
      connectionString: options.connectionString,
      sessionTimeoutMs: options.sessionTimeoutMs,
    });
    this.probeResource = `readiness:${options.instanceId}`;
  }

  async start(): Promise<void> {
    await this.probe();
  }

  async ready(): Promise<boolean> {
    const session = this.lock.sessionInfo();
    if (session?.state === 'connected') return true;
    if (session?.state === 'suspended') return false;
    // No session (it expired; the next acquire opens a new one): prove one can be opened.
    await this.probe();
    return true;
  }

  async stop(): Promise<void> {
    await this.lock.close();
  }

  /** Takes and drops a lock only this replica uses: opens the session, round trips. */
  private async probe(): Promise<void> {
    const lease = await this.lock.acquire(this.probeResource, { waitMs: 1_000 });
    await lease.release();
  }
}
