// Package projection keeps each order's latest status, built from the events of the orders'
// subjects, as another service would keep it.
package projection

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// StatusChanged says that an order reached a status; version counts the order's changes.
type StatusChanged struct {
	OrderID string `json:"order_id"`
	Status  string `json:"status"`
	Version int    `json:"version"`
}

// Table is a projected table of order statuses.
type Table string

// Create creates the table.
func (t Table) Create(ctx context.Context, db *pgxpool.Pool) error {
	_, err := db.Exec(ctx, fmt.Sprintf(`CREATE TABLE %s (
	    order_id text    PRIMARY KEY,
	    status   text    NOT NULL,
	    version  integer NOT NULL
	)`, t.ident()))
	return err
}

func (t Table) ident() string { return pgx.Identifier{string(t)}.Sanitize() }

// ApplyLast stores the event's status, whatever the table holds: the last event applied wins.
func (t Table) ApplyLast(ctx context.Context, db *pgxpool.Pool, e StatusChanged) error {
	_, err := db.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (order_id, status, version) VALUES ($1, $2, $3)
	    ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, version = excluded.version`, t.ident()),
		e.OrderID, e.Status, e.Version)
	return err
}

// ANCHOR: newer
// ApplyNewer stores the event only if it is newer than what the table holds for the order, and
// reports whether it did: an event that arrives after a later one changes nothing.
func (t Table) ApplyNewer(ctx context.Context, db *pgxpool.Pool, e StatusChanged) (applied bool, err error) {
	tag, err := db.Exec(ctx, fmt.Sprintf(`INSERT INTO %s (order_id, status, version) VALUES ($1, $2, $3)
	    ON CONFLICT (order_id) DO UPDATE SET status = excluded.status, version = excluded.version
	    WHERE %[1]s.version < excluded.version`, t.ident()),
		e.OrderID, e.Status, e.Version)
	return tag.RowsAffected() == 1, err
}

// ANCHOR_END: newer

// Status is the order's projected status and version.
func (t Table) Status(ctx context.Context, db *pgxpool.Pool, orderID string) (status string, version int, err error) {
	err = db.QueryRow(ctx, fmt.Sprintf(`SELECT status, version FROM %s WHERE order_id = $1`, t.ident()), orderID).
		Scan(&status, &version)
	return status, version, err
}
