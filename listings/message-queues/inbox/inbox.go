// Package inbox applies payments to account balances at most once per message, however often
// the broker delivers it.
package inbox

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Schema creates the balances the consumer changes and its inbox of processed message IDs.
const Schema = `
CREATE TABLE accounts (
    customer      text   PRIMARY KEY,
    balance_cents bigint NOT NULL DEFAULT 0
);
-- ANCHOR: table
CREATE TABLE inbox (
    consumer   text NOT NULL,
    message_id text NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
-- ANCHOR_END: table
`

// Payment is the message the ledger consumes.
type Payment struct {
	Customer    string `json:"customer"`
	AmountCents int64  `json:"amount_cents"`
}

// ANCHOR: apply
// Apply records the message ID and changes the balance in one transaction. A message ID the
// inbox already holds changes nothing, and Apply reports it as a duplicate. If a delivery of
// the same message is still in flight on another connection, the INSERT waits for it to commit
// or roll back, so two deliveries never both apply.
func Apply(ctx context.Context, db *pgxpool.Pool, consumer, messageID string, p Payment) (duplicate bool, err error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return false, err
	}
	defer tx.Rollback(ctx)
	tag, err := tx.Exec(ctx, `INSERT INTO inbox (consumer, message_id) VALUES ($1, $2)
	                          ON CONFLICT DO NOTHING`, consumer, messageID)
	if err != nil {
		return false, err
	}
	if tag.RowsAffected() == 0 {
		return true, nil
	}
	if err := credit(ctx, tx, p); err != nil {
		return false, err
	}
	return false, tx.Commit(ctx)
}

// ANCHOR_END: apply

// ApplyOnce changes the balance with no record of the message: each delivery counts.
func ApplyOnce(ctx context.Context, db *pgxpool.Pool, p Payment) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := credit(ctx, tx, p); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func credit(ctx context.Context, tx pgx.Tx, p Payment) error {
	_, err := tx.Exec(ctx, `INSERT INTO accounts (customer, balance_cents) VALUES ($1, $2)
	                        ON CONFLICT (customer) DO UPDATE
	                        SET balance_cents = accounts.balance_cents + excluded.balance_cents`,
		p.Customer, p.AmountCents)
	return err
}
