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

-- The outbox and dedupe tables: outboxMigrationSql from @lockstep/events, verbatim. A .sql
-- migration cannot import it, so src/db/migrations.test.ts fails if the two ever differ.

CREATE TABLE IF NOT EXISTS outbox (
  id           uuid        PRIMARY KEY,
  seq          bigint      GENERATED ALWAYS AS IDENTITY,
  topic        text        NOT NULL,
  key          text        NOT NULL,
  type         text        NOT NULL,
  version      int         NOT NULL,
  payload      jsonb       NOT NULL,
  headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz NULL
);

-- The relay's claim reads unpublished rows oldest first; published rows drop out of the index.
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx
  ON outbox (seq) WHERE published_at IS NULL;

-- The relay's per-key ordering check looks for older unpublished rows of the same key.
CREATE INDEX IF NOT EXISTS outbox_unpublished_key_idx
  ON outbox (topic, key, seq) WHERE published_at IS NULL;

CREATE TABLE IF NOT EXISTS processed_events (
  consumer     text        NOT NULL,
  event_id     uuid        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Down Migration
DROP TABLE IF EXISTS processed_events;
DROP TABLE IF EXISTS outbox;
DROP TABLE IF EXISTS pending_orders;
DROP TABLE IF EXISTS assignments;
DROP TABLE IF EXISTS partners;
