-- Up Migration

-- Relays wake on commit instead of polling: verbatim from @lockstep/events'
-- outboxNotifyMigrationSql (src/db/migrations.test.ts keeps the two equal).

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
