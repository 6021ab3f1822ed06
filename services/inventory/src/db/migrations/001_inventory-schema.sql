-- Up Migration

-- One row per SKU. The four unit counters always add up (CHECK), so no bug can create or
-- lose a unit silently. `fence` is the fencing token (ZooKeeper czxid) of the last SKU-lock
-- holder that wrote the row: a stock write is `... WHERE fence <= $token`, so a holder whose
-- lease was lost (and taken over) can no longer write.
CREATE TABLE skus (
  sku         text        PRIMARY KEY,
  name        text        NOT NULL,
  price_cents bigint      NOT NULL CHECK (price_cents > 0),
  stocked     integer     NOT NULL CHECK (stocked >= 0),
  available   integer     NOT NULL CHECK (available >= 0),
  reserved    integer     NOT NULL CHECK (reserved >= 0),
  sold        integer     NOT NULL CHECK (sold >= 0),
  fence       numeric     NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT skus_units_add_up CHECK (available + reserved + sold = stocked)
);

CREATE TABLE orders (
  order_id     text        PRIMARY KEY,
  sku          text        NOT NULL REFERENCES skus (sku),
  quantity     integer     NOT NULL CHECK (quantity BETWEEN 1 AND 10),
  customer_id  text        NOT NULL,
  wallet_id    text        NOT NULL,
  amount_cents bigint      NOT NULL CHECK (amount_cents > 0),
  deliver_to   jsonb       NOT NULL,
  status       text        NOT NULL
    CHECK (status IN ('reserved', 'confirmed', 'cancelled', 'expired', 'refund-pending')),
  reason       text        NULL,
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The sweeper's scan: only live holds, oldest expiry first.
CREATE INDEX orders_live_holds_idx ON orders (expires_at) WHERE status = 'reserved';
-- The audit sums quantities per SKU and status.
CREATE INDEX orders_sku_status_idx ON orders (sku, status);

-- The outbox and dedupe tables are the events library's own migrations, which the service
-- kit applies before these (libs/events/migrations). Databases migrated earlier, when this
-- file created them too, keep them: those migrations are idempotent.

-- Down Migration
DROP TABLE orders;
DROP TABLE skus;
