import type { Sql } from '@lockstep/service-kit';
import type { Claim, ClaimStatus } from '../domain/claim.js';

interface ClaimRow {
  claim_id: string;
  item_id: string;
  claimant_id: string;
  quantity: number;
  status: ClaimStatus;
  created_at: Date;
  settled_at: Date | null;
}

const columns = 'claim_id, item_id, claimant_id, quantity, status, created_at, settled_at';

/** Inserts a pending claim and returns it as stored. */
export async function insertClaim(
  tx: Sql,
  claim: Pick<Claim, 'claimId' | 'itemId' | 'claimantId' | 'quantity'>,
): Promise<Claim> {
  const { rows } = await tx.query<ClaimRow>(
    `INSERT INTO claims (claim_id, item_id, claimant_id, quantity) VALUES ($1, $2, $3, $4)
     RETURNING ${columns}`,
    [claim.claimId, claim.itemId, claim.claimantId, claim.quantity],
  );
  return toClaim(rows[0] as ClaimRow);
}

/** Reads a claim. */
export async function findClaim(sql: Sql, claimId: string): Promise<Claim | undefined> {
  const { rows } = await sql.query<ClaimRow>(`SELECT ${columns} FROM claims WHERE claim_id = $1`, [
    claimId,
  ]);
  return rows[0] && toClaim(rows[0]);
}

/**
 * Marks a pending claim settled and returns it; undefined when there is no such claim or it
 * is settled already, so a second delivery of the same event changes nothing.
 */
export async function markSettled(tx: Sql, claimId: string): Promise<Claim | undefined> {
  const { rows } = await tx.query<ClaimRow>(
    `UPDATE claims SET status = 'settled', settled_at = now()
     WHERE claim_id = $1 AND status = 'pending' RETURNING ${columns}`,
    [claimId],
  );
  return rows[0] && toClaim(rows[0]);
}

function toClaim(row: ClaimRow): Claim {
  return {
    claimId: row.claim_id,
    itemId: row.item_id,
    claimantId: row.claimant_id,
    quantity: row.quantity,
    status: row.status,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
