import type { Queryable } from '@lockstep/locks';
import type { GeoPoint } from '../domain/order-to-deliver.js';
import type { NewPartner, Partner } from '../domain/partner.js';

/** A `partners` row as pg returns it (bigint arrives as a string). */
export interface PartnerRow {
  [column: string]: unknown;
  id: string;
  name: string;
  lat: number;
  lng: number;
  capacity: number;
  active: number;
  version: string;
  updated_at: Date;
}

/** A partner close enough to try, and how far it is from the order. */
export interface Candidate {
  partnerId: string;
  distanceKm: number;
}

/**
 * Great-circle distance in km from ($1, $2) to the row's (lat, lng), by the haversine formula.
 * least(1, ...) guards asin against rounding just above 1 for antipodal points. Every query
 * scans `partners`: fine for thousands of partners; past that, prefilter with a lat/lng
 * bounding box of the radius on an index (or PostGIS) before ordering by distance.
 */
const distanceKmSql = `(2 * 6371.0088 * asin(least(1, sqrt(
    power(sin(radians(lat - $1::double precision) / 2), 2)
  + cos(radians($1::double precision)) * cos(radians(lat))
    * power(sin(radians(lng - $2::double precision) / 2), 2)))))`;

const nearestSql = `
SELECT id, distance_km
FROM (
  SELECT id, ${distanceKmSql} AS distance_km
  FROM partners
  WHERE active < capacity AND NOT (id = ANY($3::text[]))
) nearby
WHERE distance_km <= $4
ORDER BY distance_km, id
LIMIT $5`;

/** The domain view of a row. */
export function toPartner(row: PartnerRow): Partner {
  return {
    partnerId: row.id,
    name: row.name,
    lat: row.lat,
    lng: row.lng,
    capacity: row.capacity,
    active: row.active,
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** Inserts a partner; undefined when the id is taken (nothing written). */
export async function insertPartner(
  db: Queryable,
  partner: NewPartner,
): Promise<Partner | undefined> {
  const { rows } = await db.query<PartnerRow>(
    `INSERT INTO partners (id, name, lat, lng, capacity) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [partner.partnerId, partner.name, partner.lat, partner.lng, partner.capacity],
  );
  return rows[0] === undefined ? undefined : toPartner(rows[0]);
}

/** The partner with this id, or undefined. */
export async function findPartner(db: Queryable, partnerId: string): Promise<Partner | undefined> {
  const { rows } = await db.query<PartnerRow>('SELECT * FROM partners WHERE id = $1', [partnerId]);
  return rows[0] === undefined ? undefined : toPartner(rows[0]);
}

/**
 * The nearest partners to `at` that had a free slot when read, closest first (ties by id, so
 * every replica tries candidates in the same order). A snapshot: a candidate may be full by
 * the time it is claimed, which the claim's compare-and-swap finds out.
 */
export async function nearestAvailablePartners(
  db: Queryable,
  at: GeoPoint,
  options: { radiusKm: number; limit: number; excludedPartnerIds: readonly string[] },
): Promise<Candidate[]> {
  const { rows } = await db.query<{ id: string; distance_km: number }>(nearestSql, [
    at.lat,
    at.lng,
    options.excludedPartnerIds,
    options.radiusKm,
    options.limit,
  ]);
  return rows.map((row) => ({ partnerId: row.id, distanceKm: row.distance_km }));
}

/** Whether any partner, busy or not, is within `radiusKm` of `at`: the service area test. */
export async function hasPartnerWithin(
  db: Queryable,
  at: GeoPoint,
  radiusKm: number,
): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM partners WHERE ${distanceKmSql} <= $3) AS found`,
    [at.lat, at.lng, radiusKm],
  );
  return rows[0]?.found === true;
}
