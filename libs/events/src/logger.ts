/**
 * The slice of a pino logger the library writes to: the object first, then the message. Pass
 * a child logger bound to `{ component }`; the default discards everything, because a library
 * must not choose where a service's logs go.
 */
export interface EventLogger {
  /** Routine noise, kept only when debugging; optional, dropped when absent. */
  debug?(object: object, message: string): void;
  /** Routine progress worth keeping (a message dead-lettered on purpose, a retry). */
  info(object: object, message: string): void;
  /** Something went wrong and will be retried. */
  warn(object: object, message: string): void;
  /** Something went wrong that an operator should look at. */
  error(object: object, message: string): void;
}

/** A logger that drops every line; the default when none is given. */
export const silentLogger: EventLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
