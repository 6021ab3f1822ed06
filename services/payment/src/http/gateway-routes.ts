import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type { SimulatedGateway } from '../gateway/simulated-gateway.js';
import { gatewayBody, gatewayResponse } from './schemas.js';

const perReplica =
  'The simulated gateway lives in process memory: this changes only the replica that answers. Send it to every replica (their own ports) to change the whole service.';

/** GET and PUT /gateway: the simulated bank's latency and failure rate, changed at run time. */
export function gatewayRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  gateway: SimulatedGateway,
): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/gateway',
      summary: "Read this replica's simulated gateway settings",
      description: perReplica,
      tags: ['gateway'],
      responses: { 200: gatewayResponse },
    },
    (_input, _req, res) => {
      res.json({ ...gateway.settings, scope: 'replica' });
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'put',
      path: '/gateway',
      summary: "Change this replica's simulated gateway latency and failure rate",
      description: `${perReplica} Authorisations already waiting keep their latency. Fault injection: an admin route.`,
      tags: ['gateway'],
      admin: true,
      body: gatewayBody,
      responses: { 200: gatewayResponse },
    },
    ({ body }, _req, res) => {
      res.json({ ...gateway.configure(body), scope: 'replica' });
    },
  );
}
