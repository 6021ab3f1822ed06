import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Express, type Router } from 'express';
import type { Logger } from 'pino';
import { setTokenVerifier } from '../auth/authenticate.js';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Readiness } from '../lifecycle/readiness.js';
import type { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { setAdminToken } from './admin-token.js';
import { errorMiddleware, notFoundHandler } from './error-middleware.js';
import { usePreReadBody } from './pre-read-body.js';
import { probeRoutes } from './probe-routes.js';
import { requestLogging } from './request-logging.js';
import { type ErrorTranslation, translateErrors } from './translate-errors.js';

/**
 * Answers a Prometheus scrape (`@lockstep/telemetry`'s `metricsHandler` fits; matched
 * structurally so the kit's HTTP layer does not load the OpenTelemetry SDK).
 */
export type MetricsHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Options for {@link createHttpApp}. */
export interface HttpAppOptions {
  /** The service's root logger; requests log as `component: http`. */
  logger: Logger;
  /** Mounts the service's routes (usually through defineRoute/mountRoute). */
  routes: (router: Router) => void;
  /** The service's readiness (the runtime's), answered on `/readyz`. */
  readiness: Readiness;
  /** The service's OpenAPI registry, served on `/openapi.json`. */
  openapi?: OpenApiRegistry;
  /** Largest JSON body accepted; default `64kb`. Larger bodies get 413 before any parsing. */
  bodyLimit?: string | number;
  /** Served on `GET /metrics` when given; scrapes are neither body-parsed nor logged at info. */
  metrics?: MetricsHandler;
  /** How the service's DomainErrors and lock errors are answered (its one error table). */
  errors?: ErrorTranslation;
  /**
   * The token admin routes (`admin: true`, GET /audit) require in `x-admin-token`; without
   * one every admin request is refused.
   */
  adminToken?: string;
  /**
   * Verifies the bearer tokens of customer and partner routes (`roles`); without one every
   * such request is refused.
   */
  auth?: TokenVerifier;
}

/**
 * The Express 5 app every service uses, in this order: request logging; probes, `/metrics`
 * and the OpenAPI document; a JSON body parser with a size limit (a body already read by
 * `withEarlyAnswers` is taken as is); the service's routes; a JSON 404
 * for anything else; the service's error translation; and the error middleware last, so every error from any layer (async
 * handlers included, Express 5 forwards rejections) is answered in one format.
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (options.adminToken !== undefined) setAdminToken(app, options.adminToken);
  if (options.auth !== undefined) setTokenVerifier(app, options.auth);
  app.use(requestLogging(options.logger));
  app.use(probeRoutes(options.readiness, options.openapi));
  const metrics = options.metrics;
  if (metrics !== undefined) app.get('/metrics', (req, res) => metrics(req, res));
  app.use(usePreReadBody());
  app.use(
    express.json({
      limit: options.bodyLimit ?? '64kb',
      type: ['application/json', 'application/*+json'],
    }),
  );
  const router = express.Router();
  options.routes(router);
  app.use(router);
  app.use(notFoundHandler);
  if (options.errors) app.use(translateErrors(options.errors));
  app.use(errorMiddleware(options.logger));
  return app;
}
