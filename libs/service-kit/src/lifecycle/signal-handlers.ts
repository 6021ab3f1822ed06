import type { Logger } from 'pino';
import type { ShutdownReport } from './service-runtime.js';

/** The process surface the handlers use; tests pass a fake so nothing really exits. */
export interface ProcessLike {
  /** Subscribes to a process event (`SIGTERM`, `uncaughtException`, ...). */
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Unsubscribes a listener added with `on`. */
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  /** Ends the process. */
  exit(code: number): void;
}

/** Options for installing the handlers. */
export interface SignalHandlerOptions {
  /** The process to watch; default the real one. */
  process?: ProcessLike;
  /** Signals that start a graceful stop; default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

/** Anything that can be stopped once and report how it went: the service runtime. */
export interface Stoppable {
  /** Starts (or joins) the shutdown. */
  stop(reason?: string): Promise<ShutdownReport>;
}

/**
 * Wires process events to a graceful stop followed by exit. The exit code is 0 only when a
 * signal asked for the stop and it was clean; a crash (uncaught exception, unhandled
 * rejection) always exits 1, even if it happens while already stopping. A second signal
 * during a stop exits at once: an operator pressing Ctrl-C twice means it.
 */
export function installSignalHandlers(
  runtime: Stoppable,
  log: Logger,
  options: SignalHandlerOptions = {},
): () => void {
  const proc: ProcessLike = options.process ?? (process as unknown as ProcessLike);
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let exitCode = 0;
  let stopping = false;

  const shutdown = (reason: string, code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    void runtime.stop(reason).then((report) => proc.exit(report.clean ? exitCode : 1));
  };

  const onSignal = (signal: unknown) => {
    if (stopping) {
      log.warn({ signal }, 'second signal during shutdown: exiting now');
      proc.exit(1);
      return;
    }
    log.info({ signal }, 'signal received: stopping');
    shutdown(`signal ${String(signal)}`, 0);
  };
  const onUncaughtException = (error: unknown) => {
    // The process is in an unknown state; stop cleanly what can still be stopped, then exit 1.
    log.fatal({ err: error }, 'uncaught exception: stopping');
    shutdown('uncaught exception', 1);
  };
  const onUnhandledRejection = (reason: unknown) => {
    log.fatal({ err: reason }, 'unhandled promise rejection: stopping');
    shutdown('unhandled rejection', 1);
  };

  for (const signal of signals) proc.on(signal, onSignal);
  proc.on('uncaughtException', onUncaughtException);
  proc.on('unhandledRejection', onUnhandledRejection);
  return () => {
    for (const signal of signals) proc.off(signal, onSignal);
    proc.off('uncaughtException', onUncaughtException);
    proc.off('unhandledRejection', onUnhandledRejection);
  };
}
