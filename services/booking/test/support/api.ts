import { type ApiResponse, adminCall, call, uniqueName } from '@lockstep/testkit';

/** What POST /bookings answers on success. */
export interface HeldBooking {
  bookingId: string;
  status: 'held';
  showId: string;
  seats: string[];
  amountCents: number;
  expiresAt: string;
}

/** Creates a show through the API and returns its id. */
export async function createShow(
  base: string,
  options: { rows: number; seatsPerRow: number; priceCents?: number; prefix?: string },
): Promise<string> {
  const showId = uniqueName(options.prefix ?? 'show');
  const response = await adminCall(base, 'POST', '/shows', {
    showId,
    title: 'Tatkal test',
    startsAt: '2030-01-01T19:00:00Z',
    priceCents: options.priceCents ?? 1_000,
    rows: options.rows,
    seatsPerRow: options.seatsPerRow,
  });
  if (response.status !== 201) {
    throw new Error(`POST /shows answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return showId;
}

/** POST /bookings for some seats. */
export function book(
  base: string,
  showId: string,
  seats: string[],
  customer = 'customer',
): Promise<ApiResponse<HeldBooking>> {
  return call<HeldBooking>(base, 'POST', '/bookings', {
    showId,
    seats,
    customerId: customer,
    walletId: `wallet-${customer}`,
  });
}

/** The status of a booking, read through the API. */
export async function statusOf(base: string, bookingId: string): Promise<string | undefined> {
  const response = await call<{ status: string }>(base, 'GET', `/bookings/${bookingId}`);
  return response.body?.status;
}
