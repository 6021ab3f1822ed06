import type { RequestListener } from 'node:http';
import type { ServiceStartOptions } from './create-service-runtime.js';
import {
  createEventServiceBase,
  type EventServiceBase,
  type EventServiceBaseOptions,
  type EventServiceConfig,
} from './event-service-base.js';
import type { ServiceRuntime, ShutdownReport } from './service-runtime.js';

/** A running replica. */
export interface RunningService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bound HTTP port. */
  readonly port: number;
  /** The runtime (readiness, signal handlers). */
  readonly runtime: ServiceRuntime;
  /** Graceful stop: fail readiness, stop entry points, release locks, close connections. */
  stop(): Promise<ShutdownReport>;
}

/** How a replica is started: main.ts's logger and telemetry, and where it listens. */
export interface EventServiceOptions extends ServiceStartOptions {
  /** Interface the HTTP server binds; default all interfaces. */
  host?: string;
  /** main.ts: SIGTERM/SIGINT stop the replica and exit; installed before start-up, so a signal during it stops cleanly. */
  installSignalHandlers?: boolean;
}

/** What a service is, beyond the skeleton every service shares. */
export interface EventServiceDefinition<
  Config extends EventServiceConfig,
  Exposed extends object,
  Options extends EventServiceOptions = EventServiceOptions,
> extends Omit<EventServiceBaseOptions, keyof ServiceStartOptions> {
  /**
   * Adds the service's own components to the base in start order (lock backend, consumers,
   * background loops; they stop in reverse) and returns its HTTP app (`base.httpApp`). What
   * `expose` holds joins the running service (stats, a sweeper, a gateway).
   */
  build(
    base: EventServiceBase,
    config: Config,
    options: Options,
  ): { app: RequestListener; expose?: Exposed };
}

/** Starts one replica of a service made with {@link defineEventService}. */
export type StartEventService<
  Config,
  Exposed extends object,
  Options extends EventServiceOptions = EventServiceOptions,
> = (config: Config, options?: Options) => Promise<RunningService & Exposed>;

/** A service's `startService`, from its definition: see {@link startEventService}. */
export function defineEventService<
  Config extends EventServiceConfig,
  Exposed extends object = object,
  Options extends EventServiceOptions = EventServiceOptions,
>(
  definition: EventServiceDefinition<Config, Exposed, Options>,
): StartEventService<Config, Exposed, Options> {
  return (config, options) => startEventService(config, options ?? ({} as Options), definition);
}

/**
 * Starts one replica of an event service: the kit's skeleton (telemetry, its database created
 * if missing and migrated, Kafka with its topics, the outbox relay), what `build` adds, and
 * HTTP last, so that it stops first. Resolves once the replica serves.
 */
export async function startEventService<
  Config extends EventServiceConfig,
  Exposed extends object = object,
  Options extends EventServiceOptions = EventServiceOptions,
>(
  config: Config,
  options: Options,
  definition: EventServiceDefinition<Config, Exposed, Options>,
): Promise<RunningService & Exposed> {
  const { host, installSignalHandlers, ...start } = options;
  const { build, ...skeleton } = definition;
  const base = createEventServiceBase(config, { ...start, ...skeleton });
  const { app, expose } = build(base, config, options);
  if (installSignalHandlers) base.runtime.installSignalHandlers();
  const http = await base.listen(app, host ? { host } : {});
  return {
    ...(expose as Exposed),
    url: http.url,
    port: http.port,
    runtime: base.runtime,
    stop: () => base.runtime.stop(),
  };
}
