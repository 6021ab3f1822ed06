import type { AssignmentStatus } from './assignment-status.js';

/** An order's assignment to a partner. */
export interface Assignment {
  /** The order; at most one assignment row per order, ever. */
  orderId: string;
  /** The partner carrying (or who carried) the order. */
  partnerId: string;
  /** Where the assignment stands. */
  status: AssignmentStatus;
  /** Partner-to-destination distance when assigned, km. */
  distanceKm: number;
  /** When the order was (last) assigned. */
  createdAt: Date;
  /** When it was delivered; null until completed. */
  completedAt: Date | null;
}
