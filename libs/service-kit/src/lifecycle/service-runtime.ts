import type { Logger } from 'pino';
import { stopWithin } from './bounded-stop.js';
import type { Component } from './component.js';
import { Readiness } from './readiness.js';
import { installSignalHandlers, type SignalHandlerOptions } from './signal-handlers.js';

/** Options for {@link ServiceRuntime}. */
export interface ServiceRuntimeOptions {
  /** The service's root logger; the runtime logs as `component: runtime`. */
  logger: Logger;
  /** Overall deadline for {@link ServiceRuntime.stop}, in ms; default 10 000. */
  shutdownTimeoutMs?: number;
  /**
   * How long to keep serving after readiness fails and before components stop, in ms;
   * default 0. Behind a load balancer set it to about one probe period, so the balancer
   * notices "not ready" before connections start being refused.
   */
  readinessGraceMs?: number;
  /** Readiness to drive; default a new one. Give the same object to createHttpApp. */
  readiness?: Readiness;
}

/** How a shutdown went. */
export interface ShutdownReport {
  /** True when every component stopped without error within the deadline. */
  clean: boolean;
  /** Components whose stop threw. */
  failed: string[];
  /** Components that were still stopping when their time ran out. */
  timedOut: string[];
}

/**
 * Starts a service's components in order and stops them in reverse within one deadline.
 * The caller adds them in start order: connections first, entry points (HTTP, consumers)
 * last, so on shutdown entry points stop taking work and finish what they hold before the
 * pools and clients they use are closed.
 */
export class ServiceRuntime {
  /** Readiness of this service: not ready until started, not ready once stopping. */
  readonly readiness: Readiness;
  private readonly log: Logger;
  private readonly shutdownTimeoutMs: number;
  private readonly readinessGraceMs: number;
  private readonly components: Component[] = [];
  private readonly started: Component[] = [];
  private startup: Promise<void> | undefined;
  /** The start of the one component being started right now, including its bookkeeping. */
  private starting: Promise<void> | undefined;
  private shutdown: Promise<ShutdownReport> | undefined;

  constructor(options: ServiceRuntimeOptions) {
    this.log = options.logger.child({ component: 'runtime' });
    this.shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
    this.readinessGraceMs = options.readinessGraceMs ?? 0;
    this.readiness = options.readiness ?? new Readiness();
  }

  /** Adds a component to start after those already added; its `ready` probe joins readiness. */
  add<C extends Component>(component: C): C {
    if (this.startup)
      throw new Error(`service runtime: cannot add "${component.name}" after start()`);
    this.components.push(component);
    const probe = component.ready?.bind(component);
    if (probe) this.readiness.add(component.name, probe);
    return component;
  }

  /**
   * Starts every component in order and resolves once all are started (readiness turns
   * ready). If one fails, those already started are stopped in reverse and the error is
   * rethrown. If stop() is called meanwhile, start-up ends early and resolves.
   */
  start(): Promise<void> {
    this.startup ??= this.startAll();
    return this.startup;
  }

  /**
   * Fails readiness, waits the readiness grace, then stops started components in reverse
   * order, each bounded by what is left of the deadline. Errors are logged, never thrown.
   * Idempotent: every call returns the same promise.
   */
  stop(reason = 'stop requested'): Promise<ShutdownReport> {
    this.shutdown ??= this.stopAll(reason);
    return this.shutdown;
  }

  /**
   * For main.ts: SIGTERM/SIGINT stop the service and exit 0 (1 if the stop was not clean);
   * an uncaught exception or unhandled rejection is logged and also stops it, exiting 1.
   * Returns a function that removes the handlers.
   */
  installSignalHandlers(options: SignalHandlerOptions = {}): () => void {
    return installSignalHandlers(this, this.log, options);
  }

  private async startAll(): Promise<void> {
    for (const component of this.components) {
      if (this.shutdown) {
        this.log.warn({ next: component.name }, 'start-up interrupted by shutdown');
        return;
      }
      const startedAt = performance.now();
      this.starting = (async () => {
        await component.start();
        // Recorded inside the same promise stop() waits on, so a stop that races this start
        // always sees the component and stops it too.
        this.started.push(component);
      })();
      try {
        await this.starting;
      } catch (error) {
        this.log.error({ err: error, name: component.name }, 'component failed to start');
        await this.stop(`${component.name} failed to start`);
        throw error;
      }
      const durationMs = Math.round(performance.now() - startedAt);
      this.log.info({ name: component.name, durationMs }, 'component started');
    }
    if (!this.shutdown) {
      this.readiness.markServing();
      this.log.info({ components: this.started.length }, 'service started');
    }
  }

  private async stopAll(reason: string): Promise<ShutdownReport> {
    const deadline = performance.now() + this.shutdownTimeoutMs;
    const remaining = () => Math.max(0, deadline - performance.now());
    // Readiness first: from here on load balancers are told to send traffic elsewhere.
    this.readiness.markDraining();
    this.log.info({ reason, timeoutMs: this.shutdownTimeoutMs }, 'shutting down');
    if (this.readinessGraceMs > 0)
      await settledWithin(undefined, Math.min(this.readinessGraceMs, remaining()));
    // A component still starting must finish (or fail) before it can be stopped.
    if (this.starting) await settledWithin(this.starting, remaining());
    const report: ShutdownReport = { clean: true, failed: [], timedOut: [] };
    for (const component of [...this.started].reverse()) {
      const outcome = await stopWithin(component, remaining());
      const fields = { name: component.name, durationMs: outcome.durationMs };
      if (outcome.status === 'stopped') {
        this.log.info(fields, 'component stopped');
      } else if (outcome.status === 'failed') {
        report.failed.push(component.name);
        this.log.error({ ...fields, err: outcome.error }, 'component failed to stop');
      } else {
        report.timedOut.push(component.name);
        this.log.warn(fields, 'component did not stop before the deadline');
      }
    }
    report.clean = report.failed.length === 0 && report.timedOut.length === 0;
    this.log.info(report, 'shutdown complete');
    return report;
  }
}

/** Waits until `promise` settles (never rejects) or `ms` pass; with no promise, just waits. */
function settledWithin(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    promise?.then(done, done);
  });
}
