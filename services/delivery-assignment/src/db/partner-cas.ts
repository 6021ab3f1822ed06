import {
  casUpdateRow,
  isLockError,
  LockErrorCode,
  type Queryable,
  RowNotFoundError,
} from '@lockstep/locks';
import type { GeoPoint } from '../domain/order-to-deliver.js';
import type { Partner } from '../domain/partner.js';
import { freeSlot, PartnerFullError, takeSlot } from '../domain/partner-load.js';
import type { DeliveryStats } from '../telemetry/delivery-stats.js';
import { type PartnerRow, toPartner } from './partners.js';

/*
 * Why a partner needs no lock server.
 *
 * Every write to a partner row is `UPDATE partners SET ..., version = version + 1
 * WHERE id = $id AND version = $versionRead` (casUpdateRow). The version is the fence: the
 * database itself refuses a write based on a stale read, atomically, in the same statement that
 * would apply it. A writer that loses the race matches no row, re-reads the partner and decides
 * again from fresh data (is there still a free slot?), with bounded, jittered backoff. There is
 * no lease that can expire while its holder is paused, so no fencing token to carry elsewhere:
 * a paused writer wakes up, sends its UPDATE with the old version and simply loses.
 *
 * Inside the consumer's transaction the claim's UPDATE also takes the row lock until COMMIT, so
 * a competing claim blocks on that row, then re-checks `version = $v` against the committed row
 * (READ COMMITTED), loses and re-reads. This relies on READ COMMITTED, Postgres' default; under
 * REPEATABLE READ the re-read would see the old snapshot and every retry would lose.
 */

/** Retry settings of one compare-and-swap loop on a partner row. */
export interface CasSettings {
  /** Attempts before giving up with CAS_CONFLICT. */
  maxAttempts: number;
  /** First backoff after a lost attempt, ms (doubled per loss, jittered). */
  baseDelayMs: number;
  /** Cap on one backoff, ms. */
  maxDelayMs: number;
}

/** How a claim on one candidate ended. */
export type ClaimOutcome =
  | { claimed: true; partner: Partner }
  | { claimed: false; reason: 'full' | 'contended' };

/**
 * Takes one slot of the partner through `db` (the caller's transaction, so the slot and the
 * assignment commit together). A full partner or a lost race is an outcome, not an error: the
 * caller moves on to its next candidate.
 */
export async function claimSlot(
  db: Queryable,
  partnerId: string,
  settings: CasSettings,
  stats: DeliveryStats,
): Promise<ClaimOutcome> {
  try {
    const row = await casOnPartner(db, partnerId, settings, stats, (current) => ({
      active: takeSlot(partnerId, current),
    }));
    return { claimed: true, partner: toPartner(row) };
  } catch (error) {
    if (error instanceof PartnerFullError) {
      stats.partnersFull += 1;
      return { claimed: false, reason: 'full' };
    }
    if (isLockError(error, LockErrorCode.CasConflict))
      return { claimed: false, reason: 'contended' };
    throw error;
  }
}

/**
 * Gives a slot back when an assignment ends. CAS_CONFLICT (every attempt lost) and
 * PARTNER_LOAD_UNDERFLOW propagate: the caller's transaction must roll back.
 */
export async function freeSlotOf(
  db: Queryable,
  partnerId: string,
  settings: CasSettings,
  stats: DeliveryStats,
): Promise<Partner> {
  const row = await casOnPartner(db, partnerId, settings, stats, (current) => ({
    active: freeSlot(partnerId, current),
  }));
  return toPartner(row);
}

/**
 * Moves a partner. Only lat/lng change, but the version still moves, so a claim that read the
 * partner before the move re-reads instead of writing back a stale row; no update is lost
 * either way. Undefined when the partner does not exist.
 */
export async function moveTo(
  db: Queryable,
  partnerId: string,
  at: GeoPoint,
  settings: CasSettings,
  stats: DeliveryStats,
): Promise<Partner | undefined> {
  try {
    const row = await casOnPartner(db, partnerId, settings, stats, () => ({
      lat: at.lat,
      lng: at.lng,
    }));
    return toPartner(row);
  } catch (error) {
    if (error instanceof RowNotFoundError) return undefined;
    throw error;
  }
}

/**
 * casUpdateRow on `partners`, counting attempts and conflicts into `stats`. The library reports
 * conflicts only on success; counting `change` calls covers the other endings too: a refusal
 * (thrown by `change`) happens on the last read, so every earlier attempt lost a race, and an
 * exhausted loop lost all of them.
 */
async function casOnPartner(
  db: Queryable,
  partnerId: string,
  settings: CasSettings,
  stats: DeliveryStats,
  change: (current: PartnerRow) => Partial<PartnerRow>,
): Promise<PartnerRow> {
  let attempts = 0;
  try {
    const outcome = await casUpdateRow<PartnerRow>(db, {
      table: 'partners',
      key: { column: 'id', value: partnerId },
      maxAttempts: settings.maxAttempts,
      baseDelayMs: settings.baseDelayMs,
      maxDelayMs: settings.maxDelayMs,
      mutate: (current) => {
        attempts += 1;
        return { ...change(current), updated_at: new Date() };
      },
    });
    stats.casConflicts += attempts - 1;
    return outcome.result;
  } catch (error) {
    const exhausted = isLockError(error, LockErrorCode.CasConflict);
    if (exhausted) stats.casExhausted += 1;
    stats.casConflicts += exhausted ? attempts : Math.max(0, attempts - 1);
    throw error;
  } finally {
    stats.casAttempts += attempts;
  }
}
