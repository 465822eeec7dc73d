// Package riverjobs runs the chapter's patterns on River, a maintained PostgreSQL job queue
// for Go, against the same PostgreSQL 18.
package riverjobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
)

// ANCHOR: args
// ChargeArgs are a charge job's arguments; River stores them as JSON and routes on Kind.
type ChargeArgs struct {
	PaymentID int64 `json:"payment_id"`
}

func (ChargeArgs) Kind() string { return "charge" }

// InsertOpts makes charge jobs unique by their arguments: one job per payment.
func (ChargeArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ChargeWorker works charge jobs; payment 2's first attempt fails.
type ChargeWorker struct {
	river.WorkerDefaults[ChargeArgs]
}

func (w *ChargeWorker) Work(ctx context.Context, job *river.Job[ChargeArgs]) error {
	if job.Args.PaymentID == 2 && job.Attempt == 1 {
		return errors.New("provider: 503 Service Unavailable")
	}
	return nil
}

// ANCHOR_END: args

// ReceiptArgs are a receipt job's arguments.
type ReceiptArgs struct {
	PaymentID int64 `json:"payment_id"`
}

func (ReceiptArgs) Kind() string { return "receipt" }

// ReceiptWorker works receipt jobs. River refuses to insert a kind no worker is registered for.
type ReceiptWorker struct {
	river.WorkerDefaults[ReceiptArgs]
}

func (w *ReceiptWorker) Work(ctx context.Context, job *river.Job[ReceiptArgs]) error { return nil }

// Run migrates River's tables into the database and runs the scenario, printing to w.
func Run(ctx context.Context, pool *pgxpool.Pool, w io.Writer) error {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	res, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "river: migrated to schema version %d\n", res.Versions[len(res.Versions)-1].Version)

	workers := river.NewWorkers()
	river.AddWorker(workers, &ChargeWorker{})
	river.AddWorker(workers, &ReceiptWorker{})
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 2}},
		Workers:           workers,
		FetchCooldown:     50 * time.Millisecond,
		FetchPollInterval: 100 * time.Millisecond,
	})
	if err != nil {
		return err
	}

	// ANCHOR: insertTx
	// The job commits or rolls back with the payment, as with the hand-written queue.
	insertPayment := func(commit bool) (*rivertype.JobInsertResult, error) {
		var res *rivertype.JobInsertResult
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			var id int64
			if err := tx.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents)
			                            VALUES ('order-1', 4999) RETURNING id`).Scan(&id); err != nil {
				return err
			}
			var err error
			if res, err = client.InsertTx(ctx, tx, ChargeArgs{PaymentID: id}, nil); err != nil {
				return err
			}
			if !commit {
				return errRollback
			}
			return nil
		})
		return res, err
	}
	// ANCHOR_END: insertTx
	if _, err := insertPayment(false); !errors.Is(err, errRollback) {
		return fmt.Errorf("rollback: %v", err)
	}
	fmt.Fprintf(w, "insert in a transaction that rolls back: river_job rows %d\n", count(ctx, pool, `SELECT count(*) FROM river_job`))
	for range 2 {
		r, err := insertPayment(true)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "insert in a committed transaction: job %d, state %s\n", r.Job.ID, r.Job.State)
	}

	// ANCHOR: uniqueScheduled
	dup, err := client.Insert(ctx, ChargeArgs{PaymentID: 2}, nil) // a second job for payment 2
	if err != nil {
		return err
	}
	later, err := client.Insert(ctx, ReceiptArgs{PaymentID: 2}, &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)})
	if err != nil {
		return err
	}
	// ANCHOR_END: uniqueScheduled
	fmt.Fprintf(w, "insert charge for payment 2 again: skipped as duplicate %v, job %d\n", dup.UniqueSkippedAsDuplicate, dup.Job.ID)
	fmt.Fprintf(w, "insert receipt with ScheduledAt in 1h: job %d, state %s\n", later.Job.ID, later.Job.State)

	events, cancel := client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
	defer cancel()
	if err := client.Start(ctx); err != nil {
		return err
	}
	var failed *rivertype.JobRow
	for seen := 0; seen < 2; seen++ {
		select {
		case ev := <-events:
			if ev.Kind == river.EventKindJobFailed {
				failed = ev.Job
			}
		case <-time.After(30 * time.Second):
			return errors.New("river: no event within 30s")
		}
	}
	if err := client.Stop(ctx); err != nil {
		return err
	}
	if failed == nil {
		return errors.New("river: no job failed")
	}
	job, err := client.JobGet(ctx, failed.ID)
	if err != nil {
		return err
	}
	wait := job.ScheduledAt.Sub(*job.AttemptedAt)
	fmt.Fprintf(w, "job %d failed on attempt %d: state %s, %d error recorded, retry in %v (1^4 s, +-10%% jitter)\n",
		job.ID, job.Attempt, job.State, len(job.Errors), wait.Round(time.Second))
	fmt.Fprintf(w, "end: states [%s]\n", states(ctx, pool))

	// River's default schedule: attempt^4 seconds; 25 attempts mean 24 retries.
	var total time.Duration
	for n := 1; n < river.MaxAttemptsDefault; n++ {
		total += time.Duration(n*n*n*n) * time.Second
	}
	fmt.Fprintf(w, "default: %d attempts; the retries wait about %.1f days in all\n", river.MaxAttemptsDefault, total.Hours()/24)
	// The attempt that starts after more than 24 hours of waiting (jitter left out): a
	// provider that prunes idempotency keys after a day may no longer know the key.
	var waited time.Duration
	for n := 1; n < river.MaxAttemptsDefault; n++ {
		waited += time.Duration(n*n*n*n) * time.Second
		if waited > 24*time.Hour {
			fmt.Fprintf(w, "attempt %d starts after %.1f hours of waiting, past a 24-hour key window\n", n+1, waited.Hours())
			break
		}
	}
	return nil
}

var errRollback = errors.New("rolled back on purpose")

func count(ctx context.Context, pool *pgxpool.Pool, q string) int {
	var n int
	if err := pool.QueryRow(ctx, q).Scan(&n); err != nil {
		return -1
	}
	return n
}

func states(ctx context.Context, pool *pgxpool.Pool) string {
	var s string
	if err := pool.QueryRow(ctx, `SELECT string_agg(format('%s:%s', id, state), ' ' ORDER BY id) FROM river_job`).Scan(&s); err != nil {
		return err.Error()
	}
	return s
}
