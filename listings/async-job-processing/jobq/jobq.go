// Package jobq is a job queue in a PostgreSQL table: transactional enqueueing, unique and
// scheduled jobs, claims under a lease with FOR UPDATE SKIP LOCKED, and retries with backoff.
package jobq

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what the queue needs from a connection, a pool or a transaction.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Job is a job to enqueue.
type Job struct {
	Kind      string
	Args      any
	UniqueKey string        // empty: not unique
	RunIn     time.Duration // delay from the database's now; 0: at once
}

// ANCHOR: enqueue
// Enqueue inserts a job through db, which should be the transaction that makes the business
// change: the job then commits or rolls back with it. For a unique job whose key is already
// held by a live job, it inserts nothing and returns inserted == false.
func Enqueue(ctx context.Context, db DB, j Job) (id int64, inserted bool, err error) {
	args, err := json.Marshal(j.Args)
	if err != nil {
		return 0, false, err
	}
	var key *string
	if j.UniqueKey != "" {
		key = &j.UniqueKey
	}
	err = db.QueryRow(ctx, `
		INSERT INTO jobs (kind, args, unique_key, run_at)
		VALUES ($1, $2, $3, jobq_now() + $4 * interval '1 microsecond')
		ON CONFLICT (unique_key) WHERE state IN ('ready', 'running') DO NOTHING
		RETURNING id`,
		j.Kind, args, key, j.RunIn.Microseconds()).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// ANCHOR_END: enqueue

// Claimed is a job a worker holds under a lease.
type Claimed struct {
	ID          int64
	Kind        string
	Args        json.RawMessage
	Attempt     int // 1 on the first claim
	MaxAttempts int
	Token       string
}

// ANCHOR: claim
const claimSQL = `
UPDATE jobs
   SET state = 'running',
       attempts = attempts + 1,
       lease_token = gen_random_uuid(),
       run_at = jobq_now() + $1 * interval '1 microsecond'
 WHERE id = (
       SELECT id FROM jobs
        WHERE state IN ('ready', 'running')       -- running: its lease has run out
          AND run_at <= jobq_now()
          AND attempts < max_attempts
        ORDER BY run_at, id
        LIMIT 1
          FOR UPDATE SKIP LOCKED)
RETURNING id, kind, args, attempts, max_attempts, lease_token::text`

// Claim leases the next due job for lease, or returns nil when none is due. A job whose
// holder stopped renewing its lease is due again once the lease has run out.
func Claim(ctx context.Context, db DB, lease time.Duration) (*Claimed, error) {
	var c Claimed
	err := db.QueryRow(ctx, claimSQL, lease.Microseconds()).
		Scan(&c.ID, &c.Kind, &c.Args, &c.Attempt, &c.MaxAttempts, &c.Token)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ANCHOR_END: claim

// ErrLeaseLost means the lease ran out and the job may belong to another worker now.
var ErrLeaseLost = errors.New("jobq: lease lost")

// ANCHOR: finish
// Heartbeat pushes the lease's end forward; a live worker calls it well within the lease.
func Heartbeat(ctx context.Context, db DB, c *Claimed, lease time.Duration) error {
	return expect1(db.Exec(ctx, `
		UPDATE jobs SET run_at = jobq_now() + $3 * interval '1 microsecond'
		 WHERE id = $1 AND lease_token = $2 AND state = 'running'`,
		c.ID, c.Token, lease.Microseconds()))
}

// Complete marks the job done, in the transaction that made its effects when it has any.
func Complete(ctx context.Context, db DB, c *Claimed) error {
	return expect1(db.Exec(ctx, `
		UPDATE jobs SET state = 'done', lease_token = NULL
		 WHERE id = $1 AND lease_token = $2 AND state = 'running'`, c.ID, c.Token))
}

// Fail records a failed attempt: the job runs again after delay, or is dead when the error
// is permanent or no attempt is left.
func Fail(ctx context.Context, db DB, c *Claimed, cause error, delay time.Duration) (dead bool, err error) {
	dead = IsPermanent(cause) || c.Attempt >= c.MaxAttempts
	state := "ready"
	if dead {
		state = "dead"
	}
	return dead, expect1(db.Exec(ctx, `
		UPDATE jobs SET state = $3, last_error = $4, lease_token = NULL,
		       run_at = jobq_now() + $5 * interval '1 microsecond'
		 WHERE id = $1 AND lease_token = $2 AND state = 'running'`,
		c.ID, c.Token, state, cause.Error(), delay.Microseconds()))
}

// BuryAbandoned marks dead the jobs whose lease ran out on their last attempt: no claim
// will take them again, and they would otherwise stay "running" for ever.
func BuryAbandoned(ctx context.Context, db DB) (int64, error) {
	tag, err := db.Exec(ctx, `
		UPDATE jobs SET state = 'dead', lease_token = NULL,
		       last_error = 'lease expired on the last attempt'
		 WHERE state = 'running' AND run_at <= jobq_now() AND attempts >= max_attempts`)
	return tag.RowsAffected(), err
}

// ANCHOR_END: finish

func expect1(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() != 1 {
		return ErrLeaseLost
	}
	return nil
}

// ANCHOR: classify
// Permanent marks an error that no retry can fix: the job goes straight to dead.
func Permanent(err error) error { return permanentError{err} }

type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// IsPermanent reports whether err was marked permanent.
func IsPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}

// IsRetryableTx reports whether PostgreSQL aborted the transaction for a reason that
// running the whole transaction again can fix: a serialization failure or a deadlock.
func IsRetryableTx(err error) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (pg.Code == "40001" || pg.Code == "40P01")
}

// ANCHOR_END: classify

// Setup creates the queue's schema.
func Setup(ctx context.Context, db DB) error {
	if _, err := db.Exec(ctx, Schema); err != nil {
		return fmt.Errorf("jobq schema: %w", err)
	}
	return nil
}

// UseFakeClock makes jobq_now() read a clock that Advance moves.
func UseFakeClock(ctx context.Context, db DB) error {
	_, err := db.Exec(ctx, FakeClock)
	return err
}

// Advance moves the fake clock forward by d.
func Advance(ctx context.Context, db DB, d time.Duration) error {
	_, err := db.Exec(ctx, `UPDATE fake_clock SET t = t + $1 * interval '1 microsecond'`, d.Microseconds())
	return err
}
