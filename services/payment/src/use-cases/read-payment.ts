import { findPayment } from '../db/payments.js';
import { paymentNotFound } from '../domain/payment-errors.js';
import type { Payment } from '../domain/types.js';
import type { ServiceDeps } from './service-deps.js';

/** A payment and its outcome; PAYMENT_NOT_FOUND when there is none. */
export async function readPayment(
  deps: Pick<ServiceDeps, 'pool'>,
  paymentId: string,
): Promise<Payment> {
  const payment = await findPayment(deps.pool, paymentId);
  if (payment === undefined) throw paymentNotFound(paymentId);
  return payment;
}
