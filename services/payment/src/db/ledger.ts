import type { LedgerEntry } from '../domain/ledger.js';
import type { Sql } from './sql.js';

/**
 * Books ledger entries in one statement. (entry_group, account) is unique, so booking a group
 * a second time fails instead of doubling it.
 */
export async function insertLedgerEntries(
  sql: Sql,
  entries: readonly LedgerEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await sql.query(
    `INSERT INTO ledger_entries (entry_group, kind, payment_id, top_up_key, account, amount_cents)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])`,
    [
      entries.map((e) => e.entryGroup),
      entries.map((e) => e.kind),
      entries.map((e) => e.paymentId),
      entries.map((e) => e.topUpKey),
      entries.map((e) => e.account),
      entries.map((e) => e.amountCents),
    ],
  );
}
