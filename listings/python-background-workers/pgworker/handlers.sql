-- Tables of the example application whose jobs the worker runs.

-- ANCHOR: ledger
CREATE TABLE accounts (
    id            bigint PRIMARY KEY,
    balance_cents bigint NOT NULL DEFAULT 0
);

-- One row per transfer: the primary key is the consumer-side idempotency key.
CREATE TABLE ledger (
    transfer_id   text   PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES accounts,
    amount_cents  bigint NOT NULL,
    applied_at    timestamptz NOT NULL DEFAULT now()
);
-- ANCHOR_END: ledger

-- The e-mail provider's side, kept here so that tests can read what it received.
CREATE TABLE provider_requests (
    idempotency_key text        NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE provider_sent (
    idempotency_key text PRIMARY KEY,
    recipient       text NOT NULL
);
