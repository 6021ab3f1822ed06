import { randomUUID } from 'node:crypto';
import { moveTo } from '../db/partner-cas.js';
import { findPartner, insertPartner } from '../db/partners.js';
import { partnerExists, partnerNotFound } from '../domain/delivery-errors.js';
import type { GeoPoint } from '../domain/order-to-deliver.js';
import type { NewPartner, Partner } from '../domain/partner.js';
import type { ServiceDeps } from './service-deps.js';

/** What registering a partner takes; the id is generated when not given. */
export type PartnerRegistration = Omit<NewPartner, 'partnerId'> & {
  partnerId?: string | undefined;
};

/** Registers a partner with no deliveries; PARTNER_EXISTS when the id is taken (nothing written). */
export async function registerPartner(
  deps: Pick<ServiceDeps, 'pool'>,
  registration: PartnerRegistration,
): Promise<Partner> {
  const partnerId = registration.partnerId ?? randomUUID();
  const partner = await insertPartner(deps.pool, { ...registration, partnerId });
  if (partner === undefined) throw partnerExists(partnerId);
  return partner;
}

/** A partner with its load and version; PARTNER_NOT_FOUND when there is none. */
export async function readPartner(
  deps: Pick<ServiceDeps, 'pool'>,
  partnerId: string,
): Promise<Partner> {
  const partner = await findPartner(deps.pool, partnerId);
  if (partner === undefined) throw partnerNotFound(partnerId);
  return partner;
}

/**
 * Moves a partner by CAS on its version (see db/partner-cas.ts): a move and a claim racing on
 * one partner serialize, each applying to the row exactly as the other left it, and each bumps
 * the version once, so the version counts every write and none is lost. PARTNER_NOT_FOUND when
 * the partner does not exist; CAS_CONFLICT when every attempt lost.
 */
export async function relocatePartner(
  deps: Pick<ServiceDeps, 'pool' | 'settings' | 'stats'>,
  partnerId: string,
  at: GeoPoint,
): Promise<Partner> {
  const partner = await moveTo(deps.pool, partnerId, at, deps.settings.cas, deps.stats);
  if (partner === undefined) throw partnerNotFound(partnerId);
  return partner;
}
