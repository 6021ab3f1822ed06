import { join } from 'node:path';
import { Fleet, type FleetService, repoRoot } from '@lockstep/infra-local';
import { testAdminToken } from '@lockstep/testkit';

/** The order saga's deployment: a fleet of its three services, from @lockstep/infra-local. */
export type SagaDeployment = Fleet;

/** A service of the order saga, as named by its folder under services/. */
export type ServiceName = Exclude<FleetService, 'booking'>;

/** The saga's services in start order (none needs another to start). */
export const sagaServices: readonly ServiceName[] = ['inventory', 'payment', 'delivery-assignment'];

/** What a scenario may change. */
export interface SagaDeploymentOptions {
  /** Names the log folder `.lockstep/e2e-logs/<scenario>-<runId>/`. */
  scenario: string;
  /** Replicas per service; default 2, so every lock has a real competitor. */
  replicas?: number;
  /** Extra environment per service, over the fleet's defaults. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** OTLP/HTTP endpoint every replica exports its spans to. */
  otlpEndpoint?: string;
}

/**
 * Starts the order saga on the local stack for one test run: per service its own database and
 * consumer group (positioned at the end of the topic it reads), N replicas as child processes,
 * short TTLs and sessions, every name unique to the run (see Fleet).
 *
 * No new trace is started (TRACE_SAMPLE_RATIO=0): only a request that arrives with a sampled
 * traceparent is traced, with everything it causes through Kafka. The flash sale then costs
 * no span exports, and a traced scenario knows its trace id before it sends the request.
 */
export async function startSagaDeployment(options: SagaDeploymentOptions): Promise<SagaDeployment> {
  const env: Partial<Record<ServiceName, Record<string, string>>> = {};
  for (const service of sagaServices) {
    env[service] = {
      TRACE_SAMPLE_RATIO: '0',
      ADMIN_TOKEN: testAdminToken,
      ...options.env?.[service],
    };
  }
  const fleet = await Fleet.start({
    scenario: options.scenario,
    services: sagaServices,
    replicas: options.replicas ?? 2,
    env,
    namePrefix: 'saga-e2e',
    logRoot: join(repoRoot, '.lockstep', 'e2e-logs'),
    // Each service's dist/main.js, as `npm start` runs it: the test task builds the services
    // first (turbo's ^build), and a built replica starts in a fraction of the time tsx takes.
    code: 'built',
    callerEnv: options.otlpEndpoint ? { OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint } : {},
  });
  console.log(
    `[saga-e2e] ${options.scenario}: ${sagaServices.length} services x ${options.replicas ?? 2} replicas ready; logs in ${fleet.logDir}`,
  );
  return fleet;
}
