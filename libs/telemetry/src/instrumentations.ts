import type { IncomingMessage } from 'node:http';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';

/** One instrumentation, as the Node SDK takes it. */
export type Instrumentation = Exclude<NodeSDKConfiguration['instrumentations'][number], unknown[]>;

/** How to import and construct one instrumentation, under its package name. */
interface InstrumentationFactory {
  name: string;
  create: () => Promise<Instrumentation>;
}

/** The instrumentations that loaded and the package names of those that did not, with why. */
export interface LoadedInstrumentations {
  /** Constructed and patching (or waiting to patch) their library. */
  instrumentations: Instrumentation[];
  /** Package names of those loaded, in load order. */
  loaded: string[];
  /** Package names and errors of those that could not be loaded or constructed. */
  failed: Array<{ name: string; error: unknown }>;
}

/**
 * Scrapes and probes arrive every few seconds from Prometheus and the orchestrator; a trace
 * per scrape would drown the traces of real work.
 */
const untracedPaths = new Set(['/metrics', '/healthz', '/readyz']);

function isScrapeOrProbe(request: IncomingMessage): boolean {
  const path = request.url?.split('?', 1)[0];
  return path !== undefined && untracedPaths.has(path);
}

// Each instrumentation is imported on its own, so one that cannot load (a broken install, a
// library version it does not support) costs its spans, not the service.
const factories: InstrumentationFactory[] = [
  {
    name: '@opentelemetry/instrumentation-http',
    create: async () => {
      const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
      return new HttpInstrumentation({ ignoreIncomingRequestHook: isScrapeOrProbe });
    },
  },
  {
    name: '@opentelemetry/instrumentation-express',
    create: async () => {
      const { ExpressInstrumentation, ExpressLayerType } = await import(
        '@opentelemetry/instrumentation-express'
      );
      // One span per route handler, none per middleware or router: a request passes a dozen
      // layers (logging, probes, body parser, router), and a span each cost more CPU than the
      // handler itself under load. The route still names the HTTP server span.
      return new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      });
    },
  },
  {
    name: '@opentelemetry/instrumentation-pg',
    create: async () => {
      const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
      // Only queries made inside a request or message span: the outbox relay polls the
      // database several times a second, and a root trace per poll is noise.
      return new PgInstrumentation({ requireParentSpan: true });
    },
  },
  {
    name: '@opentelemetry/instrumentation-ioredis',
    create: async () => {
      const { IORedisInstrumentation } = await import('@opentelemetry/instrumentation-ioredis');
      // Lease renewals run on timers outside any request; only commands in a span are traced.
      return new IORedisInstrumentation({ requireParentSpan: true });
    },
  },
];

/**
 * kafkajs, opt-in. Its producer patch replaces every message's `traceparent` header with a new
 * send span parented on the active context. The outbox relay sends events long after, and
 * outside, the request that enqueued them, so the trace context stored with each event would
 * be swapped for one rooted at the relay: one order would no longer be one trace. Consumer
 * spans come from @lockstep/events either way.
 */
const kafkajs: InstrumentationFactory = {
  name: '@opentelemetry/instrumentation-kafkajs',
  create: async () => {
    const { KafkaJsInstrumentation } = await import('@opentelemetry/instrumentation-kafkajs');
    return new KafkaJsInstrumentation();
  },
};

/** Imports and constructs the http, express, pg and ioredis (and optionally kafkajs) ones. */
export async function loadInstrumentations(
  options: { kafkajs?: boolean | undefined } = {},
): Promise<LoadedInstrumentations> {
  const chosen = options.kafkajs === true ? [...factories, kafkajs] : factories;
  const outcomes = await Promise.allSettled(chosen.map((factory) => factory.create()));
  const result: LoadedInstrumentations = { instrumentations: [], loaded: [], failed: [] };
  outcomes.forEach((outcome, index) => {
    const name = chosen[index]?.name ?? `instrumentation #${index}`;
    if (outcome.status === 'fulfilled') {
      result.instrumentations.push(outcome.value);
      result.loaded.push(name);
    } else {
      result.failed.push({ name, error: outcome.reason });
    }
  });
  return result;
}
