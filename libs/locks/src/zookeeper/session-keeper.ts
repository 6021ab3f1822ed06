import { LockUnavailableError } from '../errors/index.js';
import {
  type SessionEvent,
  type SessionState,
  ZooKeeperSession,
  type ZooKeeperSessionOptions,
} from './zookeeper-session.js';

/** A session change as the owner of a {@link SessionKeeper} sees it; `connected` is a new session. */
export type SessionChange = SessionEvent | 'connected';

/** Listens to {@link SessionChange}s; `sessionId` is the session's id in hex. */
export type SessionListener = (change: SessionChange, sessionId: string) => void;

/** What a lock or election reports about the session it uses. */
export interface ZooKeeperSessionInfo {
  /** The session id in hex, as ZooKeeper's logs and four-letter words show it. */
  id: string;
  /** The negotiated session timeout, which is every lease's TTL. */
  timeoutMs: number;
  /** Connected, or suspended (disconnected, may still be alive on the server). */
  state: SessionState;
}

/**
 * Holds at most one live ZooKeeper session and opens a fresh one on demand once the previous
 * session expired: an expiry loses the leases of that session (each one signalled), not the
 * lock object, so later acquires work again without the caller rebuilding anything.
 */
export class SessionKeeper {
  private session: ZooKeeperSession | undefined;
  private opening: Promise<ZooKeeperSession> | undefined;
  private readonly listeners = new Set<SessionListener>();
  private closed = false;

  constructor(private readonly options: Omit<ZooKeeperSessionOptions, 'onEvent'>) {}

  /** The session in use, if one was opened and has not ended. */
  current(): ZooKeeperSession | undefined {
    return this.session?.ended.aborted ? undefined : this.session;
  }

  /** The session in use, or undefined before the first acquire and after expiry or close. */
  info(): ZooKeeperSessionInfo | undefined {
    const session = this.current();
    if (!session) return undefined;
    return {
      id: session.id.toString('hex'),
      timeoutMs: session.timeoutMs,
      state: session.state,
    };
  }

  /** The live session, opening one if needed; LockUnavailableError if ZooKeeper cannot be reached. */
  async live(): Promise<ZooKeeperSession> {
    if (this.closed) throw new LockUnavailableError('the ZooKeeper lock was closed');
    const current = this.current();
    if (current) return current;
    this.opening ??= this.open().finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /** Subscribes to session changes; returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Closes the current session (its leases are lost) and refuses to open new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await this.opening?.catch(() => undefined);
    await this.session?.close();
  }

  private async open(): Promise<ZooKeeperSession> {
    const session = await ZooKeeperSession.connect({
      ...this.options,
      onEvent: (event, from) => this.emit(event, from),
    });
    if (this.closed) {
      // close() ran while we were connecting: do not leak a session nobody will close.
      await session.close();
      throw new LockUnavailableError('the ZooKeeper lock was closed');
    }
    this.session = session;
    this.emit('connected', session);
    return session;
  }

  private emit(change: SessionChange, session: ZooKeeperSession): void {
    const id = session.id.toString('hex');
    for (const listener of this.listeners) {
      try {
        listener(change, id);
      } catch {
        // A listener's failure must not break session handling (loss signalling still runs).
      }
    }
  }
}
