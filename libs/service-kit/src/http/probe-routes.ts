import { type Router as ExpressRouter, Router } from 'express';
import type { Readiness } from '../lifecycle/readiness.js';
import type { OpenApiRegistry } from '../openapi/openapi-registry.js';

/**
 * `GET /healthz` (liveness: the process answers), `GET /readyz` (readiness: serving and
 * every probe passes, else 503 with the failing ones) and `GET /openapi.json`.
 *
 * Liveness deliberately checks nothing external: a database outage should take replicas
 * out of rotation (readiness), not get them all restarted at once.
 */
export function probeRoutes(readiness: Readiness, openapi?: OpenApiRegistry): ExpressRouter {
  const router = Router();
  router.use((_req, res, next) => {
    // Probe answers are about this instant; a cache in between would lie about it.
    res.set('cache-control', 'no-store');
    next();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness.evaluate();
    res
      .status(report.ready ? 200 : 503)
      .json({ status: report.ready ? 'ready' : 'not_ready', ...report });
  });
  if (openapi) {
    router.get('/openapi.json', (_req, res) => {
      res.json(openapi.document());
    });
  }
  return router;
}
