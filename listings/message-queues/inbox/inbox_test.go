package inbox

import (
	"context"
	"testing"
	"time"

	"playbook.example/message-queues/internal/testenv"
)

// A second delivery arrives while the first is still being applied, as after an ack wait that
// ran out on a busy worker. The second waits on the inbox's primary key until the first ends:
// if the first commits, the second is a duplicate; if it rolls back, the second applies.
func TestApplyWaitsForADeliveryInFlight(t *testing.T) {
	for _, firstCommits := range []bool{true, false} {
		ctx := context.Background()
		db := testenv.DB(t)
		if _, err := db.Exec(ctx, Schema); err != nil {
			t.Fatal(err)
		}
		first, err := db.Begin(ctx) // the first delivery, between its inbox row and its commit
		if err != nil {
			t.Fatal(err)
		}
		if _, err := first.Exec(ctx, `INSERT INTO inbox (consumer, message_id) VALUES ('ledger', 'pay-1')`); err != nil {
			t.Fatal(err)
		}
		type result struct {
			duplicate bool
			err       error
		}
		second := make(chan result, 1)
		go func() {
			duplicate, err := Apply(ctx, db, "ledger", "pay-1", Payment{Customer: "ada", AmountCents: 100})
			second <- result{duplicate, err}
		}()
		deadline := time.Now().Add(10 * time.Second)
		for waiting := 0; waiting == 0; {
			if time.Now().After(deadline) {
				t.Fatal("the second delivery never waited on a lock")
			}
			if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
			                            WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
		}
		if firstCommits {
			err = first.Commit(ctx)
		} else {
			err = first.Rollback(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		got := <-second
		if got.err != nil || got.duplicate != firstCommits {
			t.Errorf("first commits: %v; second delivery: duplicate %v, error %v; want duplicate %v",
				firstCommits, got.duplicate, got.err, firstCommits)
		}
	}
}

// The inbox is per consumer: another service that consumes the same message applies it too.
func TestInboxIsPerConsumer(t *testing.T) {
	ctx := context.Background()
	db := testenv.DB(t)
	if _, err := db.Exec(ctx, Schema); err != nil {
		t.Fatal(err)
	}
	for _, consumer := range []string{"ledger", "rewards"} {
		duplicate, err := Apply(ctx, db, consumer, "pay-1", Payment{Customer: "ada", AmountCents: 100})
		if err != nil || duplicate {
			t.Fatalf("%s: duplicate %v, error %v; want the first delivery to each consumer applied", consumer, duplicate, err)
		}
	}
}
