import type { GeoPoint } from './order-to-deliver.js';
import type { PartnerLoad } from './partner-load.js';

/** A delivery partner: where they are, how much they carry, and the version that fences writes. */
export interface Partner extends PartnerLoad, GeoPoint {
  /** Stable id, chosen by the caller or generated. */
  partnerId: string;
  /** Display name. */
  name: string;
  /** Bumped by one on every write; a compare-and-swap applies only at the version it read. */
  version: number;
  /** When the row last changed. */
  updatedAt: Date;
}

/** What registering a partner needs. */
export interface NewPartner extends GeoPoint {
  partnerId: string;
  name: string;
  capacity: number;
}
