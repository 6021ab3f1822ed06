-- Up Migration

-- Wallets hold integer cents. The CHECK is the last line of defence against an overdraft: the
-- wallet lock serialises payments per wallet, but a holder whose Redlock lease was lost while
-- it was paused could still try to write; the database refuses a negative balance whoever asks.
CREATE TABLE wallets (
  id            text        PRIMARY KEY,
  balance_cents bigint      NOT NULL CHECK (balance_cents >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per payment id, whatever its outcome: the primary key is the idempotency key of the
-- charge, so a payment id can be decided (and charged) once. wallet_id has no foreign key on
-- purpose: a request for an unknown wallet is recorded as failed, and that row is what keeps
-- its outcome single.
CREATE TABLE payments (
  payment_id     text        PRIMARY KEY,
  wallet_id      text        NOT NULL,
  amount_cents   bigint      NOT NULL CHECK (amount_cents > 0),
  reference_kind text        NOT NULL CHECK (reference_kind IN ('order', 'booking')),
  reference_id   text        NOT NULL,
  status         text        NOT NULL CHECK (status IN ('completed', 'failed', 'refunded')),
  failure_reason text        NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_failure_reason_iff_failed
    CHECK ((status = 'failed') = (failure_reason IS NOT NULL))
);

CREATE INDEX payments_wallet_idx ON payments (wallet_id);

-- Top-ups by the caller's idempotency key: a repeated request with the same key finds its row
-- and has no second effect. balance_after_cents lets the repeat answer exactly like the first.
CREATE TABLE top_ups (
  idempotency_key     text        PRIMARY KEY,
  wallet_id           text        NOT NULL REFERENCES wallets (id),
  amount_cents        bigint      NOT NULL CHECK (amount_cents > 0),
  balance_after_cents bigint      NOT NULL CHECK (balance_after_cents >= 0),
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- The double-entry ledger. Every business transaction (opening balance, top-up, charge,
-- refund) is one entry_group whose entries sum to zero; debits are negative, credits positive.
-- Accounts: 'wallet:<id>', 'merchant', 'bank'. An account appears once per group (UNIQUE), so
-- booking the same group twice fails instead of doubling it.
CREATE TABLE ledger_entries (
  id           bigserial   PRIMARY KEY,
  entry_group  text        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('opening', 'top-up', 'charge', 'refund')),
  payment_id   text        NULL,
  top_up_key   text        NULL,
  account      text        NOT NULL,
  amount_cents bigint      NOT NULL CHECK (amount_cents <> 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_entries_group_account_unique UNIQUE (entry_group, account),
  CONSTRAINT ledger_entries_payment_kinds
    CHECK ((kind IN ('charge', 'refund')) = (payment_id IS NOT NULL))
);

CREATE INDEX ledger_entries_account_idx ON ledger_entries (account);
CREATE INDEX ledger_entries_payment_idx ON ledger_entries (payment_id) WHERE payment_id IS NOT NULL;

-- The outbox and dedupe tables are the events library's own migrations, which the service
-- kit applies before these (libs/events/migrations). Databases migrated earlier, when this
-- file created them too, keep them: those migrations are idempotent.

-- Down Migration
DROP TABLE ledger_entries;
DROP TABLE top_ups;
DROP TABLE payments;
DROP TABLE wallets;
