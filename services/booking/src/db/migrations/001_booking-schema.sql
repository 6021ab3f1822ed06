-- Up Migration

-- One row per show. Seats are generated from `rows` x `seats_per_row` (A1 .. Z50) when the
-- show is created and never added or removed afterwards.
CREATE TABLE shows (
  show_id       text        PRIMARY KEY,
  title         text        NOT NULL,
  starts_at     timestamptz NOT NULL,
  price_cents   bigint      NOT NULL CHECK (price_cents > 0),
  rows          integer     NOT NULL CHECK (rows BETWEEN 1 AND 26),
  seats_per_row integer     NOT NULL CHECK (seats_per_row BETWEEN 1 AND 50),
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A booking holds 1..10 seats of one show until its payment confirms or releases them.
CREATE TABLE bookings (
  booking_id   uuid        PRIMARY KEY,
  show_id      text        NOT NULL REFERENCES shows (show_id),
  seats        text[]      NOT NULL CHECK (cardinality(seats) BETWEEN 1 AND 10),
  customer_id  text        NOT NULL,
  wallet_id    text        NOT NULL,
  amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
  status       text        NOT NULL
    CHECK (status IN ('held', 'confirmed', 'cancelled', 'expired', 'refund-pending')),
  reason       text        NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The sweeper's scan: only live holds, oldest expiry first.
CREATE INDEX bookings_live_holds_idx ON bookings (expires_at) WHERE status = 'held';
CREATE INDEX bookings_show_status_idx ON bookings (show_id, status);

-- One row per seat. `fence` is the fencing token (etcd create revision) of the last holder of
-- this seat's lock that wrote the row: every seat write is `... WHERE fence <= $token`, so a
-- holder whose lease was lost (and taken over) can no longer write. A free seat belongs to no
-- booking and a held or booked one to exactly one (CHECK).
CREATE TABLE seats (
  show_id    text        NOT NULL REFERENCES shows (show_id),
  seat_id    text        NOT NULL,
  status     text        NOT NULL DEFAULT 'free' CHECK (status IN ('free', 'held', 'booked')),
  booking_id uuid        NULL REFERENCES bookings (booking_id),
  fence      numeric     NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (show_id, seat_id),
  CONSTRAINT seats_owner_matches_status CHECK ((status = 'free') = (booking_id IS NULL))
);

-- The audit joins seats to the booking that holds them.
CREATE INDEX seats_booking_idx ON seats (booking_id) WHERE booking_id IS NOT NULL;

-- The outbox and dedupe tables are the events library's own migrations, which the service
-- kit applies before these (libs/events/migrations). Databases migrated earlier, when this
-- file created them too, keep them: those migrations are idempotent.

-- Down Migration
DROP TABLE seats;
DROP TABLE bookings;
DROP TABLE shows;
