// Package outbox writes an order and the event that announces it in one PostgreSQL transaction,
// and relays the events to JetStream afterwards.
package outbox

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"
)

// Schema creates the business table and the outbox beside it.
const Schema = `
CREATE TABLE orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer     text   NOT NULL,
    amount_cents bigint NOT NULL
);
-- ANCHOR: table
CREATE TABLE outbox (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject text  NOT NULL,
    payload jsonb NOT NULL
);
-- ANCHOR_END: table
`

// Order is what a customer asks for.
type Order struct {
	Customer    string
	AmountCents int64
}

// OrderPlaced is the event other services receive.
type OrderPlaced struct {
	OrderID     int64  `json:"order_id"`
	Customer    string `json:"customer"`
	AmountCents int64  `json:"amount_cents"`
}

// ANCHOR: place
// PlaceOrder inserts the order and its event in the caller's transaction: they commit together
// or not at all, and nothing is sent to the broker here.
func PlaceOrder(ctx context.Context, tx pgx.Tx, o Order) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx,
		`INSERT INTO orders (customer, amount_cents) VALUES ($1, $2) RETURNING id`,
		o.Customer, o.AmountCents).Scan(&id)
	if err != nil {
		return 0, err
	}
	payload, err := json.Marshal(OrderPlaced{OrderID: id, Customer: o.Customer, AmountCents: o.AmountCents})
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `INSERT INTO outbox (subject, payload) VALUES ($1, $2)`,
		"orders.placed."+o.Customer, payload)
	return id, err
}

// ANCHOR_END: place

// Row is one event waiting in the outbox.
type Row struct {
	ID      int64
	Subject string
	Payload []byte
}

// MessageID is the broker's deduplication key of a row: the same row always gets the same one.
func (r Row) MessageID() string { return fmt.Sprintf("outbox-%d", r.ID) }

// ANCHOR: relay
// Claim locks up to limit rows, oldest first. Rows that another relay's transaction holds are
// skipped rather than waited for, so relays never publish the same row at the same time.
func Claim(ctx context.Context, tx pgx.Tx, limit int) ([]Row, error) {
	rows, err := tx.Query(ctx, `SELECT id, subject, payload FROM outbox
	                            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Row])
}

// Publish sends the rows in order and waits for the broker to store each one. The message ID
// lets the stream drop a row that an earlier relay published but could not delete.
func Publish(ctx context.Context, js jetstream.JetStream, rows []Row) (duplicates int, err error) {
	for _, r := range rows {
		ack, err := js.Publish(ctx, r.Subject, r.Payload, jetstream.WithMsgID(r.MessageID()))
		if err != nil {
			return duplicates, fmt.Errorf("publish outbox row %d: %w", r.ID, err)
		}
		if ack.Duplicate {
			duplicates++
		}
	}
	return duplicates, nil
}

// Delete removes the published rows; the caller's commit releases their locks.
func Delete(ctx context.Context, tx pgx.Tx, rows []Row) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	_, err := tx.Exec(ctx, `DELETE FROM outbox WHERE id = ANY($1)`, ids)
	return err
}

// RelayBatch is one round of the relay: claim, publish, delete, commit. If anything fails, the
// transaction rolls back and the rows wait for the next round, possibly on another relay. It
// returns how many rows it relayed, and how many of those the stream already had.
func RelayBatch(ctx context.Context, db *pgxpool.Pool, js jetstream.JetStream, limit int) (relayed, duplicates int, err error) {
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback(ctx)
	rows, err := Claim(ctx, tx, limit)
	if err != nil || len(rows) == 0 {
		return 0, 0, err
	}
	if duplicates, err = Publish(ctx, js, rows); err != nil {
		return 0, 0, err
	}
	if err := Delete(ctx, tx, rows); err != nil {
		return 0, 0, err
	}
	return len(rows), duplicates, tx.Commit(ctx)
}

// ANCHOR_END: relay

// Setup creates the tables and the stream the events go to.
func Setup(ctx context.Context, db *pgxpool.Pool, js jetstream.JetStream) (jetstream.Stream, error) {
	if _, err := db.Exec(ctx, Schema); err != nil {
		return nil, err
	}
	return js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}})
}
