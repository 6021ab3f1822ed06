import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { readPayment } from '../use-cases/read-payment.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { paymentParams, paymentResponse } from './schemas.js';

/** GET /payments/:paymentId: a payment's outcome (payments are requested over Kafka only). */
export function paymentRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: Pick<ServiceDeps, 'pool'>,
): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/payments/:paymentId',
      summary: 'Read a payment and its outcome',
      tags: ['payments'],
      params: paymentParams,
      responses: { 200: paymentResponse, 404: 'PAYMENT_NOT_FOUND' },
    },
    async ({ params }, _req, res) => {
      const payment = await readPayment(deps, params.paymentId);
      res.json({
        ...payment,
        createdAt: payment.createdAt.toISOString(),
        updatedAt: payment.updatedAt.toISOString(),
      });
    },
  );
}
