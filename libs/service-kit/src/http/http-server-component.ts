import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Component, StopContext } from '../lifecycle/component.js';

/** Options for {@link httpServerComponent}. */
export interface HttpServerOptions {
  /** Interface to bind; default all interfaces. Tests may pass `127.0.0.1`. */
  host?: string;
  /** Component name in logs; default `http`. */
  name?: string;
  /**
   * How long an idle keep-alive connection stays open, in ms; default 65 s. Node's own default
   * (5 s) is shorter than most clients' idle timeouts, so under load a client reuses a
   * connection just as the server closes it, and that request is reset.
   */
  keepAliveTimeoutMs?: number;
}

/** Default {@link HttpServerOptions.keepAliveTimeoutMs}: above the usual 60 s of load balancers. */
export const defaultKeepAliveTimeoutMs = 65_000;

/**
 * The HTTP server as a runtime component. Start listens (port 0 picks a free port, read it
 * from `port` afterwards). Stop drains: the listening socket closes at once, so new
 * connections are refused; requests already in flight run to completion and their
 * connections close after the response; idle keep-alive connections close immediately. Only
 * when the shutdown deadline fires are the remaining connections destroyed.
 */
export class HttpServerComponent implements Component {
  /** Component name, `http` unless given. */
  readonly name: string;
  private readonly server: Server;
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;

  constructor(
    app: RequestListener,
    private readonly requestedPort: number,
    private readonly options: HttpServerOptions = {},
  ) {
    this.name = options.name ?? 'http';
    this.server = createServer((req, res) => {
      this.track(res);
      app(req, res);
    });
    this.server.keepAliveTimeout = options.keepAliveTimeoutMs ?? defaultKeepAliveTimeoutMs;
    // Node's advice: headers of a request on a reused connection may take up to the keep-alive
    // timeout to start arriving, so their timeout must be longer.
    this.server.headersTimeout = this.server.keepAliveTimeout + 1_000;
  }

  /** The bound port; only valid after start. */
  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') {
      throw new Error(`${this.name}: not listening (call start() first)`);
    }
    return (address as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>`, for tests and logs; only valid after start. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens; rejects if the port cannot be bound (EADDRINUSE, EACCES). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.requestedPort, this.options.host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  /** Stops accepting, lets in-flight requests finish, force-closes what is left on `signal`. */
  stop({ signal }: StopContext): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    this.draining = true;
    for (const res of this.inFlight) this.closeAfter(res);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const forceClose = () => this.server.closeAllConnections();
    if (signal.aborted) forceClose();
    else signal.addEventListener('abort', forceClose, { once: true });
    return closed.finally(() => signal.removeEventListener('abort', forceClose));
  }

  private track(res: ServerResponse): void {
    this.inFlight.add(res);
    // A request that arrives on a kept-alive connection during the drain is still served,
    // but its connection closes afterwards instead of going back to idle.
    if (this.draining) this.closeAfter(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.draining) this.server.closeIdleConnections();
    });
  }

  /** Asks Node to close the connection once this response ends, if headers are not out yet. */
  private closeAfter(res: ServerResponse): void {
    if (!res.headersSent) res.setHeader('connection', 'close');
  }
}

/** The HTTP server component for an app: `runtime.add(httpServerComponent(app, config.PORT))`. */
export function httpServerComponent(
  app: RequestListener,
  port: number,
  options: HttpServerOptions = {},
): HttpServerComponent {
  return new HttpServerComponent(app, port, options);
}
