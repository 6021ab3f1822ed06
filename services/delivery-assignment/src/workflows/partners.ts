import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { moveTo } from '../db/partner-cas.js';
import { insertPartner } from '../db/partners.js';
import type { GeoPoint } from '../domain/order-to-deliver.js';
import type { NewPartner, Partner } from '../domain/partner.js';
import type { WorkflowContext } from './workflow-context.js';

/** What registering a partner takes; the id is generated when not given. */
export type PartnerRegistration = Omit<NewPartner, 'partnerId'> & {
  partnerId?: string | undefined;
};

/** Registers a partner with no deliveries; undefined when the id is taken (nothing written). */
export async function registerPartner(
  pool: pg.Pool,
  registration: PartnerRegistration,
): Promise<Partner | undefined> {
  return insertPartner(pool, {
    ...registration,
    partnerId: registration.partnerId ?? randomUUID(),
  });
}

/**
 * Moves a partner by CAS on its version (see db/partner-cas.ts): a move and a claim racing on
 * one partner serialize, each applying to the row exactly as the other left it, and each bumps
 * the version once, so the version counts every write and none is lost. Undefined when the
 * partner does not exist; CAS_CONFLICT when every attempt lost.
 */
export async function relocatePartner(
  pool: pg.Pool,
  partnerId: string,
  at: GeoPoint,
  ctx: WorkflowContext,
): Promise<Partner | undefined> {
  return moveTo(pool, partnerId, at, ctx.settings.cas, ctx.stats);
}
