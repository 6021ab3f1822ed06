/** What a component's `stop` is given: how long it may take, and when it must hurry. */
export interface StopContext {
  /**
   * Fires when this component's share of the shutdown deadline is used up. A component that
   * is still draining must then force-close (destroy sockets, cancel requests) and return.
   */
  signal: AbortSignal;
  /** Milliseconds left of the overall deadline when `stop` was called. */
  remainingMs: number;
}

/**
 * One part of a service with a life: a pool, a consumer, the HTTP server. The runtime starts
 * components in the order they were added and stops them in reverse, so entry points (added
 * last) stop taking work before the connections they use are closed.
 */
export interface Component {
  /** Short name for logs and readiness output (`postgres`, `http`, `orders-consumer`). */
  readonly name: string;
  /** Connects or begins serving; resolves once the component is usable. */
  start(): Promise<void> | void;
  /** Stops taking new work, lets in-flight work finish, then releases resources. */
  stop(context: StopContext): Promise<void> | void;
  /**
   * Readiness probe for this component (e.g. `SELECT 1`); throw or return false when it
   * cannot serve. Checked on every `GET /readyz`, bounded by a timeout.
   */
  ready?: (signal: AbortSignal) => Promise<unknown> | unknown;
}
