import { mountRoute, NotFoundError, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import { findPayment } from '../db/payments.js';
import { paymentParams, paymentResponse } from './schemas.js';

/** GET /payments/:paymentId: a payment's outcome (payments are requested over Kafka only). */
export function paymentRoutes(router: Router, openapi: OpenApiRegistry, pool: pg.Pool): void {
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
      const payment = await findPayment(pool, params.paymentId);
      if (payment === undefined) {
        throw new NotFoundError(`payment ${params.paymentId} does not exist`, {
          code: 'PAYMENT_NOT_FOUND',
        });
      }
      res.json({
        ...payment,
        createdAt: payment.createdAt.toISOString(),
        updatedAt: payment.updatedAt.toISOString(),
      });
    },
  );
}
