import { callerOf, mountRoute, type OpenApiRegistry, requireOwner } from '@lockstep/service-kit';
import type { Router } from 'express';
import { readPayment } from '../use-cases/read-payment.js';
import { walletOwner } from '../use-cases/read-wallet.js';
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
      description: "Only the owner of the payment's wallet may read it.",
      tags: ['payments'],
      roles: ['customer'],
      params: paymentParams,
      responses: { 200: paymentResponse, 404: 'PAYMENT_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const payment = await readPayment(deps, params.paymentId);
      requireOwner(callerOf(req), await walletOwner(deps, payment.walletId));
      res.json({
        ...payment,
        createdAt: payment.createdAt.toISOString(),
        updatedAt: payment.updatedAt.toISOString(),
      });
    },
  );
}
