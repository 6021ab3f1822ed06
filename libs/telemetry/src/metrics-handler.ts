import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrometheusExporter } from '@opentelemetry/exporter-prometheus';

/**
 * A request handler answering a Prometheus scrape. Express's `req`/`res` extend Node's, so it
 * mounts directly: `app.get('/metrics', telemetry.metricsHandler)`.
 */
export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** The exporter's handler, bound: the exporter's method reads `this` and Express drops it. */
export function prometheusHandler(exporter: PrometheusExporter): MetricsHandler {
  return (request, response) => exporter.getMetricsRequestHandler(request, response);
}

/**
 * The handler when telemetry is disabled: an empty but valid exposition, so a scrape config
 * that still points at the service sees "no metrics" rather than an error.
 */
export const emptyMetricsHandler: MetricsHandler = (_request, response) => {
  response.statusCode = 200;
  response.setHeader('content-type', 'text/plain; version=0.0.4');
  response.end('# telemetry disabled\n');
};
