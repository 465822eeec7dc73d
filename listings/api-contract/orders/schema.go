// Package orders is the service this chapter's contract is about: an orders API on PostgreSQL
// with string IDs, money in minor units, RFC 3339 times, RFC 9457 errors, cursor pagination
// and idempotency keys.
package orders

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// ANCHOR: schema
const schema = `
-- Snowflake-style IDs pass 2^53 about 25 days (2^31 ms) after their generator's epoch; the
-- sequence starts just above it to show from the first order what that does to clients.
CREATE SEQUENCE order_ids START 9007199254740993;
CREATE TABLE orders (
    id           bigint PRIMARY KEY DEFAULT nextval('order_ids'),
    customer     text NOT NULL,
    amount_minor bigint NOT NULL,
    currency     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- One row per idempotency key: the request it came with and the response it got.
CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY,
    request_hash bytea NOT NULL,
    status       int,
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now()
);`

// ANCHOR_END: schema

// CreateSchema creates the service's tables in an empty database.
func CreateSchema(ctx context.Context, db *pgxpool.Pool) error {
	_, err := db.Exec(ctx, schema)
	return err
}
