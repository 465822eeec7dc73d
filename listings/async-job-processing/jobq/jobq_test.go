package jobq_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/async-job-processing/backoff"
	"playbook.example/async-job-processing/internal/pgdb"
	"playbook.example/async-job-processing/jobq"
)

func setup(t *testing.T) *pgxpool.Pool {
	t.Helper()
	_, pool := pgdb.ForTest(t)
	if err := jobq.Setup(t.Context(), pool); err != nil {
		t.Fatal(err)
	}
	return pool
}

// Two workers claim at once: the second skips the row the first holds instead of waiting.
func TestConcurrentClaimsTakeDisjointJobs(t *testing.T) {
	pool := setup(t)
	ctx := t.Context()
	for i := range 2 {
		if _, _, err := jobq.Enqueue(ctx, pool, jobq.Job{Kind: "k", Args: i}); err != nil {
			t.Fatal(err)
		}
	}
	tx1, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx1.Rollback(ctx)
	first, err := jobq.Claim(ctx, tx1, time.Minute) // holds its row lock until tx1 ends
	if err != nil || first == nil {
		t.Fatal(first, err)
	}
	tx2, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx2.Rollback(ctx)
	if _, err := tx2.Exec(ctx, `SET LOCAL lock_timeout = '2s'`); err != nil {
		t.Fatal(err)
	}
	second, err := jobq.Claim(ctx, tx2, time.Minute)
	if err != nil || second == nil {
		t.Fatalf("second claim: %v, %v (without SKIP LOCKED it waits and times out)", second, err)
	}
	if first.ID == second.ID {
		t.Fatalf("both workers claimed job %d", first.ID)
	}
}

// ANCHOR: writeSkew
// Without a unique index, "enqueue unless one is pending" is a read then a write. Two
// SERIALIZABLE transactions doing it at once form a write skew: PostgreSQL aborts one with
// SQLSTATE 40001, and running that whole transaction again finds the other's job.
func TestSerializationFailureIsRetriedWhole(t *testing.T) {
	pool := setup(t)
	ctx := t.Context()
	enqueueUnlessPending := func(ctx context.Context, tx pgx.Tx) (bool, error) {
		var pending bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM jobs
		                             WHERE kind = 'reconcile' AND state = 'ready')`).Scan(&pending); err != nil {
			return false, err
		}
		if pending {
			return false, nil
		}
		_, _, err := jobq.Enqueue(ctx, tx, jobq.Job{Kind: "reconcile", Args: 7})
		return err == nil, err
	}
	serializable := pgx.TxOptions{IsoLevel: pgx.Serializable}
	txA, err := pool.BeginTx(ctx, serializable)
	if err != nil {
		t.Fatal(err)
	}
	defer txA.Rollback(ctx)
	if _, err := enqueueUnlessPending(ctx, txA); err != nil {
		t.Fatal(err)
	}

	attempts, inserted, codes := 0, false, []string{}
	policy := backoff.Policy{Base: 10 * time.Millisecond, Cap: time.Second, Rand: func() float64 { return 0 }}
	err = backoff.Retry(ctx, policy, 3, jobq.IsRetryableTx, func(ctx context.Context) error {
		attempts++
		return sqlstate(&codes, pgx.BeginTxFunc(ctx, pool, serializable, func(txB pgx.Tx) error {
			var err error
			if inserted, err = enqueueUnlessPending(ctx, txB); err != nil {
				return err
			}
			if attempts == 1 { // A commits while B is still open: B's commit must fail
				if err := txA.Commit(ctx); err != nil {
					t.Errorf("A's commit: %v", err)
				}
			}
			return nil
		}))
	})
	if err != nil || attempts != 2 || inserted {
		t.Fatalf("err %v, attempts %d, second run inserted %v; want one retry that finds A's job", err, attempts, inserted)
	}
	if len(codes) != 1 || codes[0] != "40001" { // serialization_failure, not a deadlock (40P01)
		t.Fatalf("first attempt failed with SQLSTATE %v, want 40001", codes)
	}
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM jobs`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d jobs (%v), want 1", n, err)
	}
}

// ANCHOR_END: writeSkew

// sqlstate appends the SQLSTATE of a PostgreSQL error to codes and returns err unchanged.
func sqlstate(codes *[]string, err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		*codes = append(*codes, pg.Code)
	}
	return err
}

// The unique index counts ready and running jobs: a running job holds its key, and only a
// finished one frees it. A key is unique among live jobs, not for ever.
func TestUniqueKeyHeldWhileRunningFreedWhenDone(t *testing.T) {
	pool := setup(t)
	ctx := t.Context()
	job := jobq.Job{Kind: "statement", Args: "2026-03", UniqueKey: "statement-2026-03"}
	enqueue := func(want bool, when string) {
		t.Helper()
		if _, inserted, err := jobq.Enqueue(ctx, pool, job); err != nil || inserted != want {
			t.Fatalf("enqueue %s: inserted %v, %v; want inserted %v", when, inserted, err, want)
		}
	}
	enqueue(true, "first")
	c, err := jobq.Claim(ctx, pool, time.Minute)
	if err != nil || c == nil {
		t.Fatal(c, err)
	}
	enqueue(false, "while the first job runs")
	if err := jobq.Complete(ctx, pool, c); err != nil {
		t.Fatal(err)
	}
	enqueue(true, "after the first job is done")
}

// A second enqueue of a key that an uncommitted transaction holds waits for it; when that
// transaction rolls back, the waiting one inserts.
func TestUniqueEnqueueInsertsWhenTheHolderRollsBack(t *testing.T) {
	pool := setup(t)
	ctx := t.Context()
	job := jobq.Job{Kind: "reconcile", Args: 8, UniqueKey: "reconcile-account-8"}
	txA, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer txA.Rollback(ctx)
	if _, inserted, err := jobq.Enqueue(ctx, txA, job); err != nil || !inserted {
		t.Fatalf("tx A: inserted %v, %v", inserted, err)
	}
	type result struct {
		inserted bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		_, inserted, err := jobq.Enqueue(ctx, pool, job)
		done <- result{inserted, err}
	}()
	waiting := false
	for range 500 {
		var n int
		if err := pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity
		                               WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if waiting = n == 1; waiting {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !waiting {
		t.Fatal("the second enqueue did not wait for tx A")
	}
	if err := txA.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.err != nil || !r.inserted {
		t.Fatalf("after tx A rolled back: inserted %v, %v; want inserted", r.inserted, r.err)
	}
}

// Attempts are counted at the claim and the claim skips a job that has used them all, so
// replaying a dead job means resetting its attempts, not only its state.
func TestReplayingADeadJobResetsItsAttempts(t *testing.T) {
	pool := setup(t)
	ctx := t.Context()
	id, _, err := jobq.Enqueue(ctx, pool, jobq.Job{Kind: "sync-ledger", Args: 1})
	if err != nil {
		t.Fatal(err)
	}
	for dead := false; !dead; {
		c, err := jobq.Claim(ctx, pool, time.Minute)
		if err != nil || c == nil {
			t.Fatal(c, err)
		}
		if dead, err = jobq.Fail(ctx, pool, c, errors.New("ledger down"), 0); err != nil {
			t.Fatal(err)
		}
	}
	claim := func() *jobq.Claimed {
		t.Helper()
		c, err := jobq.Claim(ctx, pool, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if _, err := pool.Exec(ctx, `UPDATE jobs SET state = 'ready' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if c := claim(); c != nil {
		t.Fatalf("a dead job set back to ready with its attempts used up was claimed: %+v", c)
	}
	if _, err := pool.Exec(ctx, `UPDATE jobs SET attempts = 0, last_error = NULL WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if c := claim(); c == nil || c.ID != id || c.Attempt != 1 {
		t.Fatalf("replayed job: %+v, want job %d at attempt 1", c, id)
	}
}
