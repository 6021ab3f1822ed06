import type { FailureReason, Payment, PaymentRequest, PaymentStatus } from '../domain/types.js';
import { centsOf, type Sql } from './sql.js';

interface PaymentRow {
  payment_id: string;
  wallet_id: string;
  amount_cents: string;
  reference_kind: 'order' | 'booking';
  reference_id: string;
  status: PaymentStatus;
  failure_reason: FailureReason | null;
  created_at: Date;
  updated_at: Date;
}

function toPayment(row: PaymentRow): Payment {
  return {
    paymentId: row.payment_id,
    walletId: row.wallet_id,
    amountCents: centsOf(row.amount_cents),
    reference: { kind: row.reference_kind, id: row.reference_id },
    status: row.status,
    failureReason: row.failure_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const columns = `payment_id, wallet_id, amount_cents, reference_kind, reference_id, status,
  failure_reason, created_at, updated_at`;

/** Reads a payment; `forUpdate` row-locks it until the transaction ends. */
export async function findPayment(
  sql: Sql,
  paymentId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Payment | undefined> {
  const { rows } = await sql.query<PaymentRow>(
    `SELECT ${columns} FROM payments WHERE payment_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [paymentId],
  );
  return rows[0] && toPayment(rows[0]);
}

/**
 * Records a payment's outcome. The payment id is the primary key: a second outcome for the
 * same id fails the statement (and with it the transaction), so no payment is charged twice.
 */
export async function insertPayment(
  sql: Sql,
  request: PaymentRequest,
  outcome: { status: 'completed' } | { status: 'failed'; reason: FailureReason },
): Promise<void> {
  await sql.query(
    `INSERT INTO payments
       (payment_id, wallet_id, amount_cents, reference_kind, reference_id, status, failure_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      request.paymentId,
      request.walletId,
      request.amountCents,
      request.reference.kind,
      request.reference.id,
      outcome.status,
      outcome.status === 'failed' ? outcome.reason : null,
    ],
  );
}

/** Marks a completed payment refunded; false if it was not 'completed' (nothing changed). */
export async function markRefunded(sql: Sql, paymentId: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE payments SET status = 'refunded', updated_at = now()
     WHERE payment_id = $1 AND status = 'completed'`,
    [paymentId],
  );
  return rowCount === 1;
}
