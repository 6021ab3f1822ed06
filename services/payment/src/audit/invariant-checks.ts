/**
 * The payment invariants of docs/architecture.md ("no wallet balance below zero; the ledger
 * balances; no payment id is charged twice"), each as one SQL query over the service's own
 * database. A query returns one row: `violations` (0 means the invariant holds) plus counts
 * that show what was checked, and up to five example ids when something is wrong.
 */
export interface InvariantCheck {
  /** Stable name, printed by the CLI and returned by GET /audit. */
  name: string;
  /** What must hold, in words. */
  description: string;
  /** One query returning one row with a `violations` column and counts. */
  sql: string;
  /** The count column that says how many rows the check looked at (reported as `checked`). */
  checked: string;
}

/** Every payment invariant, in the order they are reported. */
export const invariantChecks: readonly InvariantCheck[] = [
  {
    name: 'no-negative-balance',
    checked: 'wallets',
    description: 'No wallet balance is below zero.',
    sql: `
SELECT count(*) FILTER (WHERE balance_cents < 0) AS violations,
       count(*) AS wallets,
       (array_agg(id) FILTER (WHERE balance_cents < 0))[1:5] AS examples
FROM wallets`,
  },
  {
    name: 'ledger-groups-balance',
    checked: 'groups',
    description: 'The entries of every business transaction (entry group) sum to zero.',
    sql: `
SELECT count(*) FILTER (WHERE total <> 0) AS violations,
       count(*) AS groups,
       (array_agg(entry_group) FILTER (WHERE total <> 0))[1:5] AS examples
FROM (SELECT entry_group, sum(amount_cents) AS total FROM ledger_entries GROUP BY entry_group) g`,
  },
  {
    name: 'ledger-total-zero',
    checked: 'entries',
    description: 'All ledger entries together sum to zero.',
    sql: `
SELECT CASE WHEN coalesce(sum(amount_cents), 0) = 0 THEN 0 ELSE 1 END AS violations,
       count(*) AS entries,
       coalesce(sum(amount_cents), 0) AS total_cents
FROM ledger_entries`,
  },
  {
    name: 'balances-match-ledger',
    checked: 'wallets',
    description: "Each wallet's balance equals the sum of its ledger entries.",
    sql: `
WITH ledger AS (
  SELECT substr(account, 8) AS wallet_id, sum(amount_cents) AS total
  FROM ledger_entries WHERE account LIKE 'wallet:%' GROUP BY account
)
SELECT count(*) FILTER (WHERE w.id IS NULL OR w.balance_cents <> coalesce(l.total, 0)) AS violations,
       count(w.id) AS wallets,
       (array_agg(coalesce(w.id, l.wallet_id))
          FILTER (WHERE w.id IS NULL OR w.balance_cents <> coalesce(l.total, 0)))[1:5] AS examples
FROM wallets w FULL JOIN ledger l ON l.wallet_id = w.id`,
  },
  {
    name: 'payment-charged-at-most-once',
    checked: 'charged_payments',
    description: 'No payment id has more than one charge group in the ledger.',
    sql: `
SELECT count(*) FILTER (WHERE charge_groups > 1) AS violations,
       count(*) AS charged_payments,
       (array_agg(payment_id) FILTER (WHERE charge_groups > 1))[1:5] AS examples
FROM (
  SELECT payment_id, count(DISTINCT entry_group) AS charge_groups
  FROM ledger_entries WHERE kind = 'charge' GROUP BY payment_id
) c`,
  },
  {
    name: 'payment-status-matches-ledger',
    checked: 'payments',
    description:
      'Every completed payment has exactly one charge group of its amount (refunded: plus one refund group); failed payments and unknown payment ids have none.',
    sql: `
WITH groups AS (
  SELECT payment_id,
         count(DISTINCT entry_group) FILTER (WHERE kind = 'charge') AS charges,
         count(DISTINCT entry_group) FILTER (WHERE kind = 'refund') AS refunds,
         coalesce(-sum(amount_cents) FILTER (WHERE kind = 'charge' AND account LIKE 'wallet:%'), 0)
           AS charged_cents
  FROM ledger_entries WHERE payment_id IS NOT NULL GROUP BY payment_id
), joined AS (
  SELECT p.payment_id AS known, coalesce(p.payment_id, g.payment_id) AS payment_id, p.status,
         p.amount_cents, coalesce(g.charges, 0) AS charges, coalesce(g.refunds, 0) AS refunds,
         coalesce(g.charged_cents, 0) AS charged_cents
  FROM payments p FULL JOIN groups g ON g.payment_id = p.payment_id
), judged AS (
  SELECT *, NOT (
    known IS NOT NULL AND CASE status
      WHEN 'completed' THEN charges = 1 AND refunds = 0 AND charged_cents = amount_cents
      WHEN 'refunded' THEN charges = 1 AND refunds = 1 AND charged_cents = amount_cents
      ELSE charges = 0 AND refunds = 0
    END
  ) AS broken
  FROM joined
)
SELECT count(*) FILTER (WHERE broken) AS violations,
       count(*) AS payments,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       count(*) FILTER (WHERE status = 'refunded') AS refunded,
       count(*) FILTER (WHERE status = 'failed') AS failed,
       (array_agg(payment_id) FILTER (WHERE broken))[1:5] AS examples
FROM judged`,
  },
];
