import { callerOf, mountRoute, type OpenApiRegistry, requireOwner } from '@lockstep/service-kit';
import type { Router } from 'express';
import { holdSeats } from '../use-cases/hold-seats.js';
import { getBooking } from '../use-cases/read-booking.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import {
  bookingCreatedView,
  bookingParams,
  bookingView,
  createBookingBody,
  lockResponses,
} from './schemas.js';
import { toBookingCreatedView, toBookingView } from './views.js';

/** POST /bookings, GET /bookings/:bookingId. */
export function mountBookingRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps) {
  mountRoute(
    router,
    openapi,
    {
      method: 'post',
      path: '/bookings',
      summary: 'Hold several seats together and start the payment',
      description:
        'Admitted by the etcd semaphore, then under every seat lock (etcd, acquireAll: canonical ' +
        'order, all or nothing, one deadline), in one transaction: all seats free, the booking, ' +
        'each seat written fenced by its own lock token, payment.requested. The hold lasts ' +
        'HOLD_TTL_MS; the payment outcome confirms or releases it. The customer is the bearer ' +
        "token's subject; payment debits the wallet only if that customer owns it.",
      tags: ['bookings'],
      roles: ['customer'],
      body: createBookingBody,
      responses: {
        201: bookingCreatedView,
        400: 'VALIDATION_FAILED',
        404: 'SHOW_NOT_FOUND or SEAT_NOT_FOUND (details.seats names the unknown seats)',
        409: 'SEATS_TAKEN: details.seats names the seats someone else holds; nothing was held',
        429: lockResponses.busy,
        503: lockResponses.unavailable,
      },
    },
    async ({ body }, req, res) => {
      const caller = callerOf(req);
      if (body.customerId !== undefined) requireOwner(caller, body.customerId);
      const booking = await holdSeats(deps, { ...body, customerId: caller.subject });
      res.status(201).json(toBookingCreatedView(booking));
    },
  );

  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/bookings/:bookingId',
      summary: 'Read a booking',
      description: 'The customer who booked it only.',
      tags: ['bookings'],
      roles: ['customer'],
      params: bookingParams,
      responses: { 200: bookingView, 404: 'BOOKING_NOT_FOUND' },
    },
    async ({ params }, req, res) => {
      const booking = await getBooking(deps, params.bookingId);
      requireOwner(callerOf(req), booking.customerId);
      res.json(toBookingView(booking));
    },
  );
}
