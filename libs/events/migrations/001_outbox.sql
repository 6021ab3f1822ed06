-- Up Migration

-- The transactional outbox and the consumer dedupe table. Idempotent (IF NOT EXISTS): a
-- database whose own migrations created them before this file existed keeps them as they are.
-- Never edit this file once released: a change to the schema is a new migration here.
--
-- Beyond the columns the design names, `outbox.seq` (an identity) orders the relay: rows
-- written in one transaction share `created_at` (now() is the transaction's start time), so
-- only an insert sequence keeps the order in which a service wrote its events.
-- `created_at` holds the envelope's `occurredAt`.

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
