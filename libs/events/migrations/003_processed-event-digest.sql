-- Up Migration

-- A digest of what each processed event said (SHA-256 of its type, version and canonical
-- payload), so a later delivery under the same event id can be told apart: the same content is
-- a redelivery, other content is a conflict that runOnce refuses. Rows recorded before this
-- column existed keep NULL and are treated as redeliveries, as they always were.
-- Idempotent (IF NOT EXISTS), so re-applying it is harmless.

ALTER TABLE processed_events ADD COLUMN IF NOT EXISTS digest text NULL;

-- Down Migration
ALTER TABLE processed_events DROP COLUMN IF EXISTS digest;
