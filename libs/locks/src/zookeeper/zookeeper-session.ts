import { setMaxListeners } from 'node:events';
import { Socket } from 'node:net';
import zookeeper, { type Client, type Event, type Stat, type State } from 'node-zookeeper-client';
import { monotonicNow } from '../clock.js';
import { LockUnavailableError } from '../errors/index.js';
import type { ManagedLease } from '../managed-lease.js';
import { type Done, type LateAnswer, PendingRequests } from './pending-requests.js';
import { SessionLeases } from './session-leases.js';
import { isZooKeeperError } from './zookeeper-error.js';

/** Where a session stands. `suspended`: disconnected or silent; the server may still hold the session. */
export type SessionState = 'connected' | 'suspended' | 'expired' | 'closed';

/** What a session reports to its owner. */
export type SessionEvent = 'suspended' | 'reconnected' | 'expired' | 'closed';

/** How to open a {@link ZooKeeperSession}. */
export interface ZooKeeperSessionOptions {
  /** `host:port[,host:port...]`, optionally with a chroot suffix. */
  connectionString: string;
  /** Requested session timeout; the server clamps it to its [min, max]. */
  sessionTimeoutMs: number;
  /** Bound on establishing the session; past it, LockUnavailableError. */
  connectTimeoutMs: number;
  /** Bound on any single request; past it, LockUnavailableError (the request may still run). */
  operationTimeoutMs: number;
  /** Called on every state change after the session was established. */
  onEvent?: (event: SessionEvent, session: ZooKeeperSession) => void;
}

const { Exception } = zookeeper;

/**
 * One ZooKeeper client and its session: promisified requests with timeouts, connection-state
 * tracking and loss signalling per lease. Every lease granted on the session is tracked here:
 * a disconnect marks each one lost ('suspended', since the server may expire the session before
 * we are back), expiry marks them 'session-expired', and every answered request (plus a
 * heartbeat every third of the timeout) refreshes their deadlines from the time the request was
 * sent.
 *
 * node-zookeeper-client has no read timeout: behind a silent network it would stay "connected"
 * forever. As the Java client does, a connection that answered nothing for two thirds of the
 * session timeout is treated as lost ('suspended'), and while suspended the client's socket is
 * dropped now and then so that it reconnects (to the same session, if the server still has it).
 */
export class ZooKeeperSession {
  /** Aborts (reason: LockUnavailableError) once the session is expired or closed; never re-arms. */
  readonly ended: AbortSignal;
  /** The 8-byte session id, as ZooKeeper stores it in a node's `ephemeralOwner`. */
  readonly id: Buffer;
  /** The negotiated session timeout in ms: the server expires us this long after it last heard from us. */
  readonly timeoutMs: number;

  private readonly endController = new AbortController();
  private readonly leases: SessionLeases;
  private readonly requests: PendingRequests;
  private readonly deleteOnReconnect = new Set<string>();
  private stateNow: SessionState = 'connected';
  private expiredByServer = false;
  private suspendTimer: NodeJS.Timeout | undefined;
  private kickTimer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private heartbeatInFlight = false;
  private corked = false;
  /** When the latest request the server answered was sent (monotonic ms). */
  private heardAt = monotonicNow();

  private constructor(
    private readonly client: Client,
    private readonly options: ZooKeeperSessionOptions,
  ) {
    this.ended = this.endController.signal;
    // Every waiting acquire listens here until its wait ends: many at once is normal, not a leak.
    setMaxListeners(Number.POSITIVE_INFINITY, this.ended);
    this.id = client.getSessionId();
    this.timeoutMs = client.getSessionTimeout();
    client.on('state', (state: State) => this.onState(state));
    this.heartbeat = setInterval(() => this.beat(), this.timeoutMs / 3);
    this.heartbeat.unref();
    this.leases = new SessionLeases(this.timeoutMs);
    this.requests = new PendingRequests(options.operationTimeoutMs, (sentAt) =>
      this.proveAlive(sentAt),
    );
  }

  /** Opens a session, or fails with LockUnavailableError within `connectTimeoutMs`. */
  static connect(options: ZooKeeperSessionOptions): Promise<ZooKeeperSession> {
    // retries: 0, because the client's own retry would blindly re-send a create whose first
    // attempt may have succeeded; the lock queue recovers those through the protection id.
    const client = zookeeper.createClient(options.connectionString, {
      sessionTimeout: options.sessionTimeoutMs,
      spinDelay: 200,
      retries: 0,
    });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.removeAllListeners();
        shutDown(client);
        reject(
          new LockUnavailableError(
            `ZooKeeper at ${options.connectionString} gave no session within ${options.connectTimeoutMs} ms`,
          ),
        );
      }, options.connectTimeoutMs);
      client.once('connected', () => {
        clearTimeout(timer);
        resolve(new ZooKeeperSession(client, options));
      });
      client.connect();
    });
  }

  /** Where the session stands now. */
  get state(): SessionState {
    return this.stateNow;
  }

  /** True when the server itself said the session expired: its ephemeral nodes are certainly gone. */
  get confirmedExpired(): boolean {
    return this.expiredByServer;
  }

  /** Tracks a lease: from now on the session refreshes it and signals its loss, until untrack(). */
  track(lease: ManagedLease): void {
    if (this.ended.aborted || this.stateNow === 'suspended') {
      lease.markLost(this.ended.aborted ? 'session-expired' : 'suspended');
      return;
    }
    this.leases.add(lease);
  }

  /** Stops tracking a lease once released or lost. */
  untrack(lease: ManagedLease): void {
    this.leases.delete(lease);
  }

  /** Creates a node; resolves with its path (with the sequence, for sequential modes). */
  create(
    path: string,
    data: Buffer | undefined,
    mode: number,
    onLate?: LateAnswer<string>,
  ): Promise<string> {
    return this.request<string>(
      'create',
      path,
      (done) =>
        data ? this.client.create(path, data, mode, done) : this.client.create(path, mode, done),
      onLate,
    );
  }

  /** Deletes a node whatever its version. */
  remove(path: string): Promise<void> {
    return this.request<void>('delete', path, (done) => this.client.remove(path, -1, done));
  }

  /** The node's stat, or null when it does not exist; `watcher` fires once on its next change. */
  exists(path: string, watcher?: (event: Event) => void): Promise<Stat | null> {
    return this.request<Stat | null>('exists', path, (done) =>
      watcher ? this.client.exists(path, watcher, done) : this.client.exists(path, done),
    );
  }

  /** The node's children names; `watcher` fires once when they next change. */
  getChildren(path: string, watcher?: (event: Event) => void): Promise<string[]> {
    return this.request<string[]>('getChildren', path, (done) =>
      watcher ? this.client.getChildren(path, watcher, done) : this.client.getChildren(path, done),
    );
  }

  /** The node's data, or null when it does not exist; `watcher` fires once on its next change. */
  getData(path: string, watcher?: (event: Event) => void): Promise<Buffer | null> {
    return this.request<Buffer | null>('getData', path, (done) => {
      const callback = (error: unknown, data: Buffer) =>
        isZooKeeperError(error, Exception.NO_NODE)
          ? done(undefined, null)
          : done(error, data ?? Buffer.alloc(0));
      if (watcher) this.client.getData(path, watcher, callback);
      else this.client.getData(path, callback);
    });
  }

  /**
   * Deletes `path` now, and again after every reconnect until ZooKeeper confirms it is gone
   * (Curator's guaranteed delete). For our own ephemeral nodes whose delete went unanswered:
   * left alone, such a node would block its queue for as long as this session lives.
   */
  deleteEventually(path: string): void {
    if (this.ended.aborted) return;
    this.deleteOnReconnect.add(path);
    if (this.stateNow === 'connected') this.retryDeletes();
  }

  /** Ends the session: the server deletes its ephemeral nodes; tracked leases are lost. */
  async close(): Promise<void> {
    if (this.ended.aborted) return;
    const closedByServer = new Promise<void>((resolve) => {
      this.client.once('disconnected', resolve);
      setTimeout(resolve, Math.min(2_000, this.options.operationTimeoutMs)).unref();
    });
    this.end('closed', new LockUnavailableError('the ZooKeeper session was closed'));
    shutDown(this.client);
    // Wait until the server acknowledged (it drops the connection after closing the session),
    // so that once close() resolves other clients can already take our locks.
    await closedByServer;
  }

  private request<T>(
    op: string,
    path: string,
    send: (done: Done<T>) => void,
    onLate?: LateAnswer<T>,
  ): Promise<T> {
    if (this.ended.aborted) return Promise.reject(this.ended.reason);
    this.batchWrites();
    return this.requests.run(op, path, send, onLate);
  }

  /**
   * The client writes every request to its socket at once, one syscall each; on a busy host
   * those syscalls are most of a lock's cost. Corking the socket until the end of the tick sends
   * all requests issued in the same tick (the pipelined getChildren + exists, other callers'
   * requests) in one write.
   */
  private batchWrites(): void {
    if (this.corked) return;
    const socket = clientSocket(this.client);
    if (!socket) return;
    this.corked = true;
    socket.cork();
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  /** The server answered a request sent at `sentAt`: it cannot expire us before sentAt + timeout. */
  private proveAlive(sentAt: number): void {
    this.heardAt = Math.max(this.heardAt, sentAt);
    // An answer on a connection we had given up on as silent: it works again.
    if (this.stateNow === 'suspended') this.resume();
    if (this.stateNow === 'connected') this.leases.refreshAll(sentAt);
  }

  private beat(): void {
    if (this.stateNow !== 'connected') return;
    if (monotonicNow() - this.heardAt > (this.timeoutMs * 2) / 3) {
      this.suspend();
      return;
    }
    if (this.heartbeatInFlight) return;
    this.heartbeatInFlight = true;
    this.exists('/')
      .catch(() => {
        // A failed heartbeat needs no handling: each lease keeps its deadline and fires on its
        // own, and a disconnect is reported by the state listener.
      })
      .finally(() => {
        this.heartbeatInFlight = false;
      });
  }

  private onState(state: State): void {
    if (this.ended.aborted) return;
    if (state === zookeeper.State.DISCONNECTED) {
      this.suspend();
    } else if (state === zookeeper.State.SYNC_CONNECTED) {
      this.heardAt = monotonicNow();
      this.resume();
    } else if (state === zookeeper.State.EXPIRED || state === zookeeper.State.AUTH_FAILED) {
      this.expire(true);
    }
  }

  private suspend(): void {
    if (this.stateNow !== 'connected') return;
    this.stateNow = 'suspended';
    this.leases.markAllLost('suspended');
    // Like Curator: suspended for a whole session timeout means the server has (or soon will
    // have) expired us; give up on this session so the owner can open a fresh one.
    this.suspendTimer = setTimeout(() => {
      if (this.stateNow === 'suspended') this.expire(false);
    }, this.timeoutMs);
    this.suspendTimer.unref();
    // The client clears its connect timeout once TCP connects and has no read timeout, so a
    // handshake the server never answers (seen while a server restarts) or a silent connection
    // would hang until the session is gone. Like the Java client, drop such a socket (after a
    // third of the session timeout, at most 2 s); the client reconnects to the same session.
    const kickEveryMs = Math.min(this.timeoutMs / 3, 2_000);
    this.kickTimer = setInterval(() => clientSocket(this.client)?.destroy(), kickEveryMs);
    this.kickTimer.unref();
    this.options.onEvent?.('suspended', this);
  }

  private resume(): void {
    if (this.stateNow !== 'suspended') return;
    clearTimeout(this.suspendTimer);
    clearInterval(this.kickTimer);
    this.stateNow = 'connected';
    this.options.onEvent?.('reconnected', this);
    this.retryDeletes();
  }

  private expire(byServer: boolean): void {
    this.expiredByServer = byServer;
    this.end('expired', new LockUnavailableError('the ZooKeeper session expired'));
    // After a server-side expiry the client shuts itself down; after our own verdict we must.
    if (!byServer) shutDown(this.client);
  }

  private end(state: 'expired' | 'closed', reason: LockUnavailableError): void {
    this.stateNow = state;
    clearInterval(this.heartbeat);
    clearTimeout(this.suspendTimer);
    clearInterval(this.kickTimer);
    this.leases.markAllLost('session-expired');
    this.leases.clear();
    this.deleteOnReconnect.clear();
    this.endController.abort(reason);
    // Requests still queued in the client would never be answered now.
    this.requests.failAll(reason);
    this.options.onEvent?.(state, this);
  }

  private retryDeletes(): void {
    for (const path of this.deleteOnReconnect) {
      this.remove(path).then(
        () => this.deleteOnReconnect.delete(path),
        (error: unknown) => {
          if (isZooKeeperError(error, Exception.NO_NODE)) this.deleteOnReconnect.delete(path);
          // Any other failure: the path stays queued for the next reconnect.
        },
      );
    }
  }
}

/**
 * The client's current socket. node-zookeeper-client keeps it on its (undocumented) connection
 * manager; if a later version moves it, the callers' optimisations quietly do nothing.
 */
function clientSocket(client: Client): Socket | undefined {
  const socket = (client as unknown as { connectionManager?: { socket?: unknown } })
    .connectionManager?.socket;
  return socket instanceof Socket ? socket : undefined;
}

/** Closes a client without letting its internals throw at us (it may be mid-reconnect). */
function shutDown(client: Client): void {
  try {
    client.close();
  } catch {
    // Closing a client whose socket is not open yet can throw inside the library; the client
    // is abandoned either way and its session, if any, expires on the server.
  }
}
