import { identifier, text } from '@lockstep/service-kit';
import { z } from 'zod';
import type { Assignment } from '../domain/assignment.js';
import { assignmentStatuses } from '../domain/assignment-status.js';
import type { Partner } from '../domain/partner.js';

/** A partner id a caller may choose: URL-safe, so it can sit in a path unescaped. */
const partnerId = identifier({
  pattern: /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
  patternMessage: 'letters, digits and . _ : - only, starting with a letter or digit',
});
const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** `:id` of a partner route. */
export const PartnerParams = z.strictObject({ id: identifier() });

/** `:orderId` of an assignment route (order ids follow the contracts: 1 to 100 characters). */
export const OrderParams = z.strictObject({ orderId: identifier() });

/** Body of POST /partners. */
export const NewPartnerBody = z.strictObject({
  partnerId: partnerId.optional(),
  name: text({ max: 200 }),
  lat: latitude,
  lng: longitude,
  capacity: z.number().int().min(1).max(100),
});

/** Body of PUT /partners/:id/location. */
export const LocationBody = z.strictObject({ lat: latitude, lng: longitude });

/** A partner as the API shows it. */
export const PartnerView = z.object({
  partnerId: z.string(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  capacity: z.number().int(),
  active: z.number().int(),
  version: z
    .number()
    .int()
    .describe('Bumped on every write; the fence of every CAS on this partner.'),
  updatedAt: z.string(),
});

/** An assignment as the API shows it. */
export const AssignmentView = z.object({
  orderId: z.string(),
  partnerId: z.string(),
  status: z.enum(assignmentStatuses),
  distanceKm: z.number(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
});

/** The JSON of a partner. */
export function partnerView(partner: Partner): z.output<typeof PartnerView> {
  return { ...partner, updatedAt: partner.updatedAt.toISOString() };
}

/** The JSON of an assignment (the stored order payload stays internal). */
export function assignmentView(assignment: Assignment): z.output<typeof AssignmentView> {
  return {
    orderId: assignment.orderId,
    partnerId: assignment.partnerId,
    status: assignment.status,
    distanceKm: assignment.distanceKm,
    createdAt: assignment.createdAt.toISOString(),
    completedAt: assignment.completedAt?.toISOString() ?? null,
  };
}
