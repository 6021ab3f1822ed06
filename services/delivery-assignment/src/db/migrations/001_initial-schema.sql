-- Up Migration
-- Delivery partners. `version` is the fence of every optimistic compare-and-swap: each write
-- bumps it by one and applies only WHERE version = <the version the writer read>. The CHECKs
-- are the last line of defence; the CAS refuses a claim on a full partner before they fire.
CREATE TABLE partners (
  id         text             PRIMARY KEY,
  name       text             NOT NULL,
  lat        double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lng        double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
  capacity   int              NOT NULL CHECK (capacity BETWEEN 1 AND 100),
  active     int              NOT NULL DEFAULT 0 CHECK (active >= 0 AND active <= capacity),
  version    bigint           NOT NULL DEFAULT 0,
  updated_at timestamptz      NOT NULL DEFAULT now()
);

-- One row per order, ever: the primary key is what makes "no order is assigned twice" hold.
-- A released order gets its row back (status 'assigned', another partner) when reassigned.
-- order_payload keeps the order.confirmed payload so a released order can be retried.
CREATE TABLE assignments (
  order_id      text             PRIMARY KEY,
  partner_id    text             NOT NULL REFERENCES partners (id),
  status        text             NOT NULL CHECK (status IN ('assigned', 'completed', 'released')),
  distance_km   double precision NOT NULL CHECK (distance_km >= 0),
  order_payload jsonb            NOT NULL,
  created_at    timestamptz      NOT NULL DEFAULT now(),
  completed_at  timestamptz      NULL
);

CREATE INDEX assignments_partner_status_idx ON assignments (partner_id, status);

-- Orders no partner could take yet; the retry loop claims due rows with SKIP LOCKED.
-- excluded_partner_ids lists partners that released the order, so it goes to someone else.
CREATE TABLE pending_orders (
  order_id             text        PRIMARY KEY,
  payload              jsonb       NOT NULL,
  attempts             int         NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  excluded_partner_ids text[]      NOT NULL DEFAULT '{}',
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX pending_orders_due_idx ON pending_orders (next_attempt_at);

-- The outbox and dedupe tables are the events library's own migrations, which the service
-- kit applies before these (libs/events/migrations). Databases migrated earlier, when this
-- file created them too, keep them: those migrations are idempotent.

-- Down Migration
DROP TABLE IF EXISTS pending_orders;
DROP TABLE IF EXISTS assignments;
DROP TABLE IF EXISTS partners;
