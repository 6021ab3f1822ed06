-- Up Migration

-- The transactional outbox and the consumer dedupe table, verbatim from @lockstep/events'
-- outboxMigrationSql (src/db/migrations.test.ts keeps the two equal). A migration never changes
-- once applied: a later change to the library's schema ships as a new migration.

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
DROP TABLE processed_events;
DROP TABLE outbox;
