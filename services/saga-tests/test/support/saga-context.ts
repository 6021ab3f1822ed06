import { afterAll, beforeAll } from 'vitest';
import { JaegerTraces } from './jaeger-traces.ts';
import { JsonClient } from './json-client.ts';
import { SagaClient } from './saga-client.ts';
import {
  type SagaDeployment,
  type SagaDeploymentOptions,
  startSagaDeployment,
} from './saga-deployment.ts';

/** What every scenario gets: the running saga and clients for it. */
export interface SagaContext {
  readonly deployment: SagaDeployment;
  readonly http: JsonClient;
  readonly saga: SagaClient;
  /** The local stack's Jaeger, which every replica exports its spans to; read back by trace id. */
  readonly traces: JaegerTraces;
}

/**
 * Starts one deployment for the whole file (beforeAll) and tears it down (afterAll); returns
 * a getter for the scenarios' hooks and tests. Six replicas take ~30 s to start on two cores
 * (mostly module loading), so the scenarios share them: each uses SKUs, wallets, partners and
 * a delivery area of its own, and the order of the scenarios is part of the design (the crash
 * scenario kills and replaces replicas last).
 */
export function useSagaDeployment(options: SagaDeploymentOptions): () => SagaContext {
  let context: SagaContext | undefined;
  beforeAll(async () => {
    // Checked first: a deployment exporting into nothing would only fail minutes later.
    const traces = new JaegerTraces();
    await traces.assertRunning();
    const deployment = await startSagaDeployment({ ...options, otlpEndpoint: traces.otlpEndpoint });
    const http = new JsonClient({ maxSocketsPerHost: 200 });
    context = { deployment, http, saga: new SagaClient(http, deployment), traces };
  }, 180_000);
  afterAll(async () => {
    context?.http.close();
    await context?.deployment.stop();
  }, 90_000);
  return () => {
    if (context === undefined) throw new Error('the saga deployment did not start');
    return context;
  };
}
