-- Up Migration

-- Wakes relays when events are committed: a statement-level trigger on the outbox NOTIFYs
-- `lockstep_outbox`. Postgres delivers a NOTIFY only when (and if) its transaction commits, and
-- folds repeats within one transaction into one, so a relay hears of each committed batch of
-- events once, from whichever replica or code path wrote it, and never of a rolled-back one.
-- Idempotent (CREATE OR REPLACE, DROP ... IF EXISTS), so re-applying it is harmless.

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

-- Down Migration
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
DROP FUNCTION IF EXISTS lockstep_outbox_notify();
