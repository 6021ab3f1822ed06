-- Up Migration

-- The customer a wallet belongs to: the bearer token subject that opened it, or the owner the
-- operator named. Only that customer may read the wallet or spend from it through a saga.
-- Wallets opened before owners existed keep NULL: no customer token matches NULL, so nobody
-- can read or spend them until an operator sets the owner (UPDATE wallets SET owner_id = ...).
-- No CHECK (owner_id IS NOT NULL) NOT VALID: Postgres checks it on every UPDATE too, so a
-- top-up of such a wallet would fail; the application always writes an owner instead.
ALTER TABLE wallets ADD COLUMN owner_id text NULL;

CREATE INDEX wallets_owner_idx ON wallets (owner_id);

-- Down Migration
DROP INDEX wallets_owner_idx;
ALTER TABLE wallets DROP COLUMN owner_id;
