// Package scenarios runs the chapter's failures on purpose, each at one chosen moment, against
// a real NATS JetStream server and PostgreSQL 18, and reports what every party saw. The tests
// assert the outcomes; cmd/scenarios prints the traces that the chapter shows.
package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/broker"
)

// Env is what a scenario runs against: a broker of its own and an empty database.
type Env struct {
	Broker *broker.Broker
	DB     *pgxpool.Pool
}

// Trace is what a scenario saw, one line per step.
type Trace []string

func (t *Trace) Add(format string, args ...any) { *t = append(*t, fmt.Sprintf(format, args...)) }

func (t Trace) String() string { return strings.Join(t, "\n") + "\n" }

// outcome is how a trace shows a step's error: "ok" when there is none.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// kill ends the database session of tx from another connection, as a crashed client or a
// failover would: PostgreSQL rolls back whatever the session had not committed. It waits (up to
// 5 s) until the session has ended and released its locks, so that the next step sees the rows.
func kill(ctx context.Context, db *pgxpool.Pool, tx pgx.Tx) error {
	pid := tx.Conn().PgConn().PID()
	var killed bool
	if err := db.QueryRow(ctx, `SELECT pg_terminate_backend($1, 5000)`, pid).Scan(&killed); err != nil || !killed {
		return fmt.Errorf("pg_terminate_backend(%d): %v, %w", pid, killed, err)
	}
	return nil
}

// storedOrders lists the order IDs of the events a stream holds, in stream order.
func storedOrders(ctx context.Context, stream jetstream.Stream) ([]int64, error) {
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		msg, err := stream.GetMsg(ctx, seq)
		if err != nil {
			return nil, err
		}
		var event struct {
			OrderID int64 `json:"order_id"`
		}
		if err := json.Unmarshal(msg.Data, &event); err != nil {
			return nil, err
		}
		ids = append(ids, event.OrderID)
	}
	return ids, nil
}

// column reads one bigint column of a query's rows.
func column(ctx context.Context, db *pgxpool.Pool, query string, args ...any) ([]int64, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
