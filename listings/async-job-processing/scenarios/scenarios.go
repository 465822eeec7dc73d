package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/async-job-processing/backoff"
	"playbook.example/async-job-processing/jobq"
	"playbook.example/async-job-processing/payments"
	"playbook.example/async-job-processing/riverjobs"
)

// Env is one scenario's database: its name (for worker processes) and a pool on it.
type Env struct {
	DB   string
	Pool *pgxpool.Pool
}

// Scenario is one run, printed to w.
type Scenario struct {
	Name string
	Run  func(ctx context.Context, env Env, w io.Writer) error
}

// All lists the scenarios in the order the chapter shows them.
var All = []Scenario{
	{"enqueue_after_commit", EnqueueAfterCommit},
	{"enqueue_in_tx", EnqueueInTx},
	{"unique", Unique},
	{"scheduled", Scheduled},
	{"retries", Retries},
	{"stuck", Stuck},
	{"payment_naive", func(ctx context.Context, env Env, w io.Writer) error { return Payment(ctx, env, w, "charge-naive") }},
	{"payment_table", func(ctx context.Context, env Env, w io.Writer) error { return Payment(ctx, env, w, "charge-table") }},
	{"payment_key", func(ctx context.Context, env Env, w io.Writer) error { return Payment(ctx, env, w, "charge-key") }},
	{"payment_concurrent", PaymentConcurrent},
	{"river", func(ctx context.Context, env Env, w io.Writer) error { return riverjobs.Run(ctx, env.Pool, w) }},
}

// Setup creates the queue, the payments tables and the fake clock.
func Setup(ctx context.Context, pool *pgxpool.Pool) error {
	if err := jobq.Setup(ctx, pool); err != nil {
		return err
	}
	if _, err := pool.Exec(ctx, payments.Schema); err != nil {
		return err
	}
	return jobq.UseFakeClock(ctx, pool)
}

func ids(ctx context.Context, db jobq.DB, query string) string {
	var s string
	if err := db.QueryRow(ctx, `SELECT coalesce(string_agg(x::text, ' ' ORDER BY x), '') FROM (`+query+`) q(x)`).Scan(&s); err != nil {
		return "error: " + err.Error()
	}
	return s
}

func end(ctx context.Context, env Env, w io.Writer) {
	fmt.Fprintf(w, "end: payments [%s] | charge jobs for payments [%s]\n",
		ids(ctx, env.Pool, `SELECT id FROM payments`),
		ids(ctx, env.Pool, `SELECT (args->>'payment_id')::bigint FROM jobs WHERE kind = 'charge'`))
}

// EnqueueAfterCommit commits the payment, then enqueues its job outside the transaction,
// and the worker process dies in between.
func EnqueueAfterCommit(ctx context.Context, env Env, w io.Writer) error {
	c, err := spawn(env.DB, "enqueue-after-commit")
	if err != nil {
		return err
	}
	line, err := c.Next()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "worker: %s\n", line)
	if err := c.Kill(); err != nil {
		return err
	}
	fmt.Fprintln(w, "worker: killed (SIGKILL) before its enqueue")
	end(ctx, env, w)
	return nil
}

// EnqueueInTx enqueues in the payment's transaction and kills one worker before the commit,
// lets another commit and exit, and rolls a third request back.
func EnqueueInTx(ctx context.Context, env Env, w io.Writer) error {
	for _, commit := range []bool{false, true} {
		c, err := spawn(env.DB, "enqueue-in-tx")
		if err != nil {
			return err
		}
		line, err := c.Next()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "worker: %s\n", line)
		if commit {
			if err := c.Continue(); err != nil {
				return err
			}
			// The process exits by itself after its commit; wait for it to end.
			if err := c.cmd.Wait(); err != nil {
				return err
			}
			fmt.Fprintln(w, "worker: committed, exited")
			continue
		}
		if err := c.Kill(); err != nil {
			return err
		}
		fmt.Fprintln(w, "worker: killed (SIGKILL) before its COMMIT")
	}
	// ANCHOR: rollback
	errDeclined := errors.New("card declined by the fraud check")
	err := pgx.BeginFunc(ctx, env.Pool, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents)
		                            VALUES ('order-3', 1250) RETURNING id`).Scan(&id); err != nil {
			return err
		}
		if _, _, err := jobq.Enqueue(ctx, tx, jobq.Job{Kind: "charge", Args: payments.Args{PaymentID: id}}); err != nil {
			return err
		}
		return errDeclined // BeginFunc rolls back: the payment and its job go together
	})
	// ANCHOR_END: rollback
	fmt.Fprintf(w, "request: payment and job inserted, then rolled back: %v\n", err)
	end(ctx, env, w)
	return nil
}

// Unique enqueues one key several times, from one session and from two concurrent ones.
func Unique(ctx context.Context, env Env, w io.Writer) error {
	job := jobq.Job{Kind: "reconcile", Args: map[string]int{"account": 7}, UniqueKey: "reconcile-account-7"}
	for i := 1; i <= 3; i++ {
		id, inserted, err := jobq.Enqueue(ctx, env.Pool, job)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "enqueue %d: %s\n", i, outcome(id, inserted))
	}

	// Two transactions enqueue the same new key; the first has not committed yet.
	// ANCHOR: uniqueRace
	job.UniqueKey, job.Args = "reconcile-account-8", map[string]int{"account": 8}
	txA, err := env.Pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer txA.Rollback(ctx)
	idA, insA, err := jobq.Enqueue(ctx, txA, job)
	if err != nil {
		return err
	}
	type result struct {
		id       int64
		inserted bool
		err      error
	}
	done := make(chan result, 1)
	go func() {
		id, ins, err := jobq.Enqueue(ctx, env.Pool, job) // waits for A's unique index entry
		done <- result{id, ins, err}
	}()
	waiting, err := waitForLockWait(ctx, env.Pool)
	if err != nil {
		return err
	}
	// ANCHOR_END: uniqueRace
	fmt.Fprintf(w, "tx A: %s, not committed\n", outcome(idA, insA))
	fmt.Fprintf(w, "tx B: enqueue waits (%s)\n", waiting)
	if err := txA.Commit(ctx); err != nil {
		return err
	}
	r := <-done
	if r.err != nil {
		return r.err
	}
	fmt.Fprintf(w, "tx A commits; tx B: %s\n", outcome(r.id, r.inserted))

	// The key is free again once its job is finished.
	c, err := jobq.Claim(ctx, env.Pool, 30*time.Second)
	if err != nil {
		return err
	}
	if err := jobq.Complete(ctx, env.Pool, c); err != nil {
		return err
	}
	id, inserted, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "reconcile", Args: map[string]int{"account": 7}, UniqueKey: "reconcile-account-7"})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "job %d done; enqueue reconcile-account-7 again: %s\n", c.ID, outcome(id, inserted))
	fmt.Fprintf(w, "end: live jobs per key [%s]\n", ids(ctx, env.Pool,
		`SELECT unique_key || '=' || count(*) FROM jobs WHERE state IN ('ready', 'running') GROUP BY unique_key`))
	return nil
}

func outcome(id int64, inserted bool) string {
	if inserted {
		return fmt.Sprintf("inserted job %d", id)
	}
	return "skipped, a live job holds the key"
}

// waitForLockWait waits until another session of the database waits on a lock.
func waitForLockWait(ctx context.Context, pool *pgxpool.Pool) (string, error) {
	for range 500 {
		var ev string
		err := pool.QueryRow(ctx, `SELECT wait_event_type || '/' || wait_event FROM pg_stat_activity
		                            WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&ev)
		if err == nil {
			return ev, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return "", err
		}
		time.Sleep(10 * time.Millisecond)
	}
	return "", errors.New("no session waited on a lock")
}

// clock prints the fake clock's offset from its start.
func clock(ctx context.Context, db jobq.DB) string {
	var us int64
	if err := db.QueryRow(ctx, `SELECT (extract(epoch FROM t - '2026-12-03 09:00:00+00') * 1e6)::bigint FROM fake_clock`).Scan(&us); err != nil {
		return err.Error()
	}
	return "+" + (time.Duration(us) * time.Microsecond).String()
}

func claimAt(ctx context.Context, env Env, w io.Writer, who string, lease time.Duration) (*jobq.Claimed, error) {
	c, err := jobq.Claim(ctx, env.Pool, lease)
	if err != nil {
		return nil, err
	}
	if c == nil {
		fmt.Fprintf(w, "%-11s %s claims: nothing due\n", clock(ctx, env.Pool), who)
		return nil, nil
	}
	fmt.Fprintf(w, "%-11s %s claims: job %d (%s), attempt %d\n", clock(ctx, env.Pool), who, c.ID, c.Kind, c.Attempt)
	return c, nil
}

// Scheduled enqueues a job for an hour later and claims as the database's clock moves.
func Scheduled(ctx context.Context, env Env, w io.Writer) error {
	// ANCHOR: scheduled
	_, _, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "receipt", Args: map[string]int{"payment": 1}, RunIn: time.Hour})
	// ANCHOR_END: scheduled
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s enqueue receipt job, RunIn: 1h\n", clock(ctx, env.Pool))
	for _, step := range []time.Duration{0, 59 * time.Minute, 59*time.Second + 999*time.Millisecond, time.Millisecond} {
		if err := jobq.Advance(ctx, env.Pool, step); err != nil {
			return err
		}
		if _, err := claimAt(ctx, env, w, "worker", 30*time.Second); err != nil {
			return err
		}
	}
	return nil
}

// errUpstream is what the failing handler returns: a timeout of a dependency.
var errUpstream = errors.New("ledger service: 503 Service Unavailable")

// Retries fails one job until it is dead and another with a permanent error.
func Retries(ctx context.Context, env Env, w io.Writer) error {
	r := rand.New(rand.NewPCG(2019, 4))
	policy := backoff.Policy{Base: time.Second, Cap: 5 * time.Minute, Rand: r.Float64}
	if _, _, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "sync-ledger", Args: map[string]int{"payment": 1}}); err != nil {
		return err
	}
	for {
		c, err := claimAt(ctx, env, w, "worker", 30*time.Second)
		if err != nil {
			return err
		}
		if c == nil {
			break
		}
		// ANCHOR: fail
		delay := policy.Delay(c.Attempt)
		dead, err := jobq.Fail(ctx, env.Pool, c, errUpstream, delay)
		// ANCHOR_END: fail
		if err != nil {
			return err
		}
		if dead {
			fmt.Fprintf(w, "%-11s attempt %d failed (%v): dead\n", clock(ctx, env.Pool), c.Attempt, errUpstream)
			break
		}
		var wait time.Duration
		if err := env.Pool.QueryRow(ctx, `SELECT (extract(epoch FROM run_at - jobq_now()) * 1e6)::bigint * interval '1 microsecond' FROM jobs WHERE id = $1`, c.ID).Scan(&wait); err != nil {
			return err
		}
		fmt.Fprintf(w, "%-11s attempt %d failed: retry in %v (ceiling %v)\n", clock(ctx, env.Pool), c.Attempt, wait.Round(time.Millisecond), policy.Ceiling(c.Attempt))
		if err := jobq.Advance(ctx, env.Pool, wait); err != nil {
			return err
		}
	}

	if _, _, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "charge", Args: map[string]string{"payment": "not-a-number"}}); err != nil {
		return err
	}
	c, err := claimAt(ctx, env, w, "worker", 30*time.Second)
	if err != nil {
		return err
	}
	dead, err := jobq.Fail(ctx, env.Pool, c, jobq.Permanent(errors.New("bad arguments: payment is not a number")), policy.Delay(c.Attempt))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s attempt %d failed permanently: dead %v\n", clock(ctx, env.Pool), c.Attempt, dead)
	fmt.Fprintf(w, "end: %s\n", ids(ctx, env.Pool, `SELECT format('job %s %s after %s attempts', id, state, attempts) FROM jobs`))
	return nil
}

// Stuck kills a worker holding a job, stalls another past its lease, and retires a job that
// kills every worker that takes it.
func Stuck(ctx context.Context, env Env, w io.Writer) error {
	lease := 30 * time.Second
	if _, _, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "export", Args: map[string]int{"account": 7}}); err != nil {
		return err
	}
	a, err := spawn(env.DB, "claim-and-hang")
	if err != nil {
		return err
	}
	line, err := a.Next()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s worker A (process): %s\n", clock(ctx, env.Pool), line)
	if err := a.Kill(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s worker A: killed (SIGKILL)\n", clock(ctx, env.Pool))
	var b *jobq.Claimed
	for _, step := range []time.Duration{0, 29 * time.Second, 1 * time.Second} {
		if err := jobq.Advance(ctx, env.Pool, step); err != nil {
			return err
		}
		c, err := claimAt(ctx, env, w, "worker B", lease)
		if err != nil {
			return err
		}
		if c != nil {
			b = c
		}
	}
	if b == nil {
		return errors.New("worker B claimed nothing")
	}

	// Worker B is alive but stalls (a frozen VM, a blocked call) past its lease.
	if err := jobq.Advance(ctx, env.Pool, lease+time.Second); err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s worker B has stalled past its lease\n", clock(ctx, env.Pool))
	cl, err := claimAt(ctx, env, w, "worker C", lease)
	if err != nil {
		return err
	}
	if cl == nil {
		return errors.New("worker C claimed nothing")
	}
	// ANCHOR: leaseLost
	err = jobq.Complete(ctx, env.Pool, b) // the token no longer matches: nothing changes
	// ANCHOR_END: leaseLost
	fmt.Fprintf(w, "%-11s worker B wakes, completes job %d: %v\n", clock(ctx, env.Pool), b.ID, errString(err))
	// ANCHOR: heartbeat
	for range 3 { // a live worker renews at a third of the lease
		if err := jobq.Advance(ctx, env.Pool, lease/3); err != nil {
			return err
		}
		if err := jobq.Heartbeat(ctx, env.Pool, cl, lease); err != nil {
			return err
		}
	}
	// ANCHOR_END: heartbeat
	fmt.Fprintf(w, "%-11s worker C has sent 3 heartbeats\n", clock(ctx, env.Pool))
	if _, err := claimAt(ctx, env, w, "worker D", lease); err != nil {
		return err
	}
	err = jobq.Complete(ctx, env.Pool, cl)
	fmt.Fprintf(w, "%-11s worker C completes job %d: %v\n", clock(ctx, env.Pool), cl.ID, errString(err))

	// A job that kills its worker every time: attempts are counted at the claim.
	if _, err := env.Pool.Exec(ctx, `INSERT INTO jobs (kind, args, max_attempts) VALUES ('resize', '{"image": 9}', 2)`); err != nil {
		return err
	}
	for range 2 {
		k, err := spawn(env.DB, "claim-and-hang")
		if err != nil {
			return err
		}
		line, err := k.Next()
		if err != nil {
			return err
		}
		if err := k.Kill(); err != nil {
			return err
		}
		fmt.Fprintf(w, "%-11s worker process: %s; killed\n", clock(ctx, env.Pool), line)
		if err := jobq.Advance(ctx, env.Pool, lease+time.Second); err != nil {
			return err
		}
	}
	if _, err := claimAt(ctx, env, w, "worker E", lease); err != nil {
		return err
	}
	n, err := jobq.BuryAbandoned(ctx, env.Pool)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%-11s sweeper buries %d abandoned job\n", clock(ctx, env.Pool), n)
	fmt.Fprintf(w, "end: %s\n", ids(ctx, env.Pool, `SELECT format('job %s %s after %s attempts', id, state, attempts) FROM jobs`))
	return nil
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}

// Payment charges one payment through a job whose first worker dies between the provider's
// answer and the database write; a second worker retries, and then a duplicate job runs.
func Payment(ctx context.Context, env Env, w io.Writer, role string) error {
	provider := &payments.Provider{}
	srv := httptest.NewServer(provider)
	defer srv.Close()
	client := payments.Client{URL: srv.URL, UseKey: role == "charge-key"}
	handler := payments.ChargeOnce
	if role == "charge-naive" {
		handler = payments.ChargeNaive
	}
	var id int64
	if err := env.Pool.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents) VALUES ('order-1', 4999) RETURNING id`).Scan(&id); err != nil {
		return err
	}
	job := jobq.Job{Kind: "charge", Args: payments.Args{PaymentID: id}}
	if _, _, err := jobq.Enqueue(ctx, env.Pool, job); err != nil {
		return err
	}
	report := func(who string) {
		req, ch := provider.Count()
		var charge *string
		env.Pool.QueryRow(ctx, `SELECT charge_id FROM payments WHERE id = $1`, id).Scan(&charge)
		recorded := "none"
		if charge != nil {
			recorded = *charge
		}
		fmt.Fprintf(w, "%-11s %s | provider: %d requests, %d charges | payment records %s\n", clock(ctx, env.Pool), who, req, ch, recorded)
	}

	a, err := spawn(env.DB, role, srv.URL)
	if err != nil {
		return err
	}
	line, err := a.Next()
	if err != nil {
		return err
	}
	if err := a.Kill(); err != nil {
		return err
	}
	report("worker A (process): " + line + ", killed before its write")
	if err := jobq.Advance(ctx, env.Pool, 31*time.Second); err != nil {
		return err
	}
	run := func(who string) error {
		c, err := jobq.Claim(ctx, env.Pool, 30*time.Second)
		if err != nil || c == nil {
			return fmt.Errorf("claim: %v, %v", c, err)
		}
		if err := handler(ctx, env.Pool, client, c, payments.Hooks{}); err != nil {
			return err
		}
		report(fmt.Sprintf("%s: job %d attempt %d done", who, c.ID, c.Attempt))
		return nil
	}
	if err := run("worker B"); err != nil {
		return err
	}
	// The same payment is enqueued again, say by a retried API request, after the first job
	// finished: even this queue's unique index (over ready and running jobs) would accept it.
	if _, _, err := jobq.Enqueue(ctx, env.Pool, job); err != nil {
		return err
	}
	if err := run("worker C"); err != nil {
		return err
	}
	req, ch := provider.Count()
	amounts := make([]string, 0, ch)
	for _, c := range provider.Charges {
		amounts = append(amounts, fmt.Sprint(c.AmountCents))
	}
	fmt.Fprintf(w, "end: provider requests %d, charges %d [%s]\n", req, ch, strings.Join(amounts, " "))
	return nil
}

// PaymentConcurrent runs one charge job twice at the same time: worker A's call to the
// provider is still executing when its lease runs out, and worker B runs the job with the
// same key. The provider answers B with 409, B's attempt fails and is retried, and the retry
// gets A's charge.
func PaymentConcurrent(ctx context.Context, env Env, w io.Writer) error {
	inFlight, release := make(chan struct{}), make(chan struct{})
	provider := &payments.Provider{Executing: func(string) { close(inFlight); <-release }}
	srv := httptest.NewServer(provider)
	defer srv.Close()
	released := false
	defer func() {
		if !released {
			close(release)
		}
	}()
	client := payments.Client{URL: srv.URL, UseKey: true}
	var id int64
	if err := env.Pool.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents) VALUES ('order-1', 4999) RETURNING id`).Scan(&id); err != nil {
		return err
	}
	if _, _, err := jobq.Enqueue(ctx, env.Pool, jobq.Job{Kind: "charge", Args: payments.Args{PaymentID: id}}); err != nil {
		return err
	}
	report := func(who string) {
		req, ch := provider.Count()
		var charge *string
		env.Pool.QueryRow(ctx, `SELECT charge_id FROM payments WHERE id = $1`, id).Scan(&charge)
		recorded := "none"
		if charge != nil {
			recorded = *charge
		}
		fmt.Fprintf(w, "%-11s %s | provider: %d requests, %d charges | payment records %s\n", clock(ctx, env.Pool), who, req, ch, recorded)
	}

	a, err := jobq.Claim(ctx, env.Pool, 30*time.Second)
	if err != nil || a == nil {
		return fmt.Errorf("claim: %v, %v", a, err)
	}
	doneA := make(chan error, 1)
	go func() { doneA <- payments.ChargeOnce(ctx, env.Pool, client, a, payments.Hooks{}) }()
	<-inFlight
	report(fmt.Sprintf("worker A: job %d attempt %d, charge executing", a.ID, a.Attempt))

	if err := jobq.Advance(ctx, env.Pool, 31*time.Second); err != nil {
		return err
	}
	b, err := jobq.Claim(ctx, env.Pool, 30*time.Second)
	if err != nil || b == nil {
		return fmt.Errorf("claim: %v, %v", b, err)
	}
	errB := payments.ChargeOnce(ctx, env.Pool, client, b, payments.Hooks{})
	if errB == nil {
		return errors.New("worker B's charge succeeded while A's was executing")
	}
	dead, err := jobq.Fail(ctx, env.Pool, b, errB, time.Second)
	if err != nil {
		return err
	}
	outcome := "retry in 1s"
	if dead {
		outcome = "dead"
	}
	report(fmt.Sprintf("worker B: job %d attempt %d: %v; %s", b.ID, b.Attempt, errB, outcome))

	released = true
	close(release)
	errA := <-doneA
	report(fmt.Sprintf("worker A: charged, records it: %s", errString(errA)))

	if err := jobq.Advance(ctx, env.Pool, time.Second); err != nil {
		return err
	}
	c, err := jobq.Claim(ctx, env.Pool, 30*time.Second)
	if err != nil {
		return err
	}
	if c == nil {
		report("worker C claims: nothing due")
	} else {
		err := payments.ChargeOnce(ctx, env.Pool, client, c, payments.Hooks{})
		report(fmt.Sprintf("worker C: job %d attempt %d: %s", c.ID, c.Attempt, errString(err)))
	}
	req, ch := provider.Count()
	fmt.Fprintf(w, "end: provider requests %d, charges %d | %s\n", req, ch,
		ids(ctx, env.Pool, `SELECT format('job %s %s after %s attempts', id, state, attempts) FROM jobs`))
	return nil
}
