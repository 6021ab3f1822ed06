/** Where a seat is in its life: free, held by a booking whose payment runs, or sold. */
export type SeatStatus = 'free' | 'held' | 'booked';

/** Every seat status, for schemas and the database CHECK. */
export const seatStatuses = ['free', 'held', 'booked'] as const satisfies readonly SeatStatus[];

/**
 * Highest seat price, in cents. Ten seats of it stay within what the payment contract
 * accepts (100 000 000 cents): a dearer show could hold seats whose payment.requested could
 * never be written.
 */
export const maxPriceCents = 10_000_000;

/** A show: one performance in one hall, every seat at one price. */
export interface Show {
  readonly showId: string;
  readonly title: string;
  readonly startsAt: Date;
  readonly priceCents: number;
  readonly rows: number;
  readonly seatsPerRow: number;
  readonly createdAt: Date;
}

/** One seat of a show as stored, with the fence of the last lock holder that wrote it. */
export interface Seat {
  readonly seatId: string;
  readonly status: SeatStatus;
  /** The booking holding or owning the seat; null while free. */
  readonly bookingId: string | null;
  /** Fencing token (etcd create revision) of the last seat-lock holder that wrote the row. */
  readonly fence: bigint;
}

/** How many seats of a show are in each status. */
export interface SeatCounts {
  readonly total: number;
  readonly free: number;
  readonly held: number;
  readonly booked: number;
}
