/**
 * The outbox and dedupe tables, for services to include in their own migrations (each service
 * owns its database). Idempotent, so running it twice is harmless.
 *
 * Beyond the columns the design names, `outbox.seq` (an identity) orders the relay: rows
 * written in one transaction share `created_at` (now() is the transaction's start time), so
 * only an insert sequence keeps the order in which a service wrote its events.
 * `created_at` holds the envelope's `occurredAt`.
 */
export const outboxMigrationSql = `
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
`;

/** The channel the outbox trigger notifies on commit; relays LISTEN on it. */
export const outboxChannel = 'lockstep_outbox';

/**
 * Wakes relays when events are committed: a statement-level trigger on the outbox NOTIFYs
 * `lockstep_outbox`. Postgres delivers a NOTIFY only when (and if) its transaction commits, and
 * folds repeats within one transaction into one, so a relay hears of each committed batch of
 * events once, from whichever replica or code path wrote it, and never of a rolled-back one.
 * Services add it as a migration of their own after outboxMigrationSql. Idempotent.
 */
export const outboxNotifyMigrationSql = `
CREATE OR REPLACE FUNCTION lockstep_outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('lockstep_outbox', '');
  RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify
  AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION lockstep_outbox_notify();
`;
