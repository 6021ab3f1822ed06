-- Up Migration

-- One row per item. The counters can never pass each other (CHECK), and `fence` is the token of
-- the last writer of `claimed`: every such write is `... WHERE fence < $token`, so a writer
-- whose lease was lost and taken over, or whose read went stale, writes nothing.
CREATE TABLE items (
  item_id    text        PRIMARY KEY,
  capacity   integer     NOT NULL CHECK (capacity > 0),
  claimed    integer     NOT NULL DEFAULT 0 CHECK (claimed >= 0),
  settled    integer     NOT NULL DEFAULT 0 CHECK (settled >= 0),
  fence      numeric     NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT items_counters_in_order CHECK (settled <= claimed AND claimed <= capacity)
);

-- A claim is its claimant's: the subject of the customer token that made it, the only caller
-- who may read it back.
CREATE TABLE claims (
  claim_id    uuid        PRIMARY KEY,
  item_id     text        NOT NULL REFERENCES items (item_id),
  claimant_id text        NOT NULL,
  quantity   integer     NOT NULL CHECK (quantity > 0),
  status     text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'settled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz NULL
);

-- The audit sums claims per item and status, and looks for old pending claims.
CREATE INDEX claims_item_status_idx ON claims (item_id, status);
CREATE INDEX claims_pending_idx ON claims (created_at) WHERE status = 'pending';

-- Down Migration
DROP TABLE claims;
DROP TABLE items;
