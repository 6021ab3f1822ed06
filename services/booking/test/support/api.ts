import { mintDevelopmentToken } from '@lockstep/service-kit';
import { type ApiResponse, adminCall, bearerCall, uniqueName } from '@lockstep/testkit';

/** `customer`'s bearer token, signed with the development key every test replica trusts. */
export function customerToken(customer: string): Promise<string> {
  return mintDevelopmentToken({ subject: customer, role: 'customer' });
}

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

/** POST /bookings for some seats, as `customer` (with their token), paying from their wallet. */
export async function book(
  base: string,
  showId: string,
  seats: string[],
  customer = 'customer',
): Promise<ApiResponse<HeldBooking>> {
  return bearerCall<HeldBooking>(base, 'POST', '/bookings', await customerToken(customer), {
    showId,
    seats,
    walletId: `wallet-${customer}`,
  });
}

/** The status of a booking, read through the API by the customer who booked it. */
export async function statusOf(
  base: string,
  bookingId: string,
  customer = 'customer',
): Promise<string | undefined> {
  const path = `/bookings/${bookingId}`;
  const response = await bearerCall<{ status: string }>(
    base,
    'GET',
    path,
    await customerToken(customer),
  );
  return response.body?.status;
}
