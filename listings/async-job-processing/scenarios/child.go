// Package scenarios runs the chapter's failure scenarios against a real PostgreSQL: worker
// processes are killed, or stalled, at the wrong moment, and the database says what is left.
package scenarios

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/async-job-processing/jobq"
	"playbook.example/async-job-processing/payments"
)

// A worker process is this program started again with AJP_ROLE set; main functions and
// TestMain call RunChild first.

// Child is a worker process the scenario controls over its standard input and output.
type Child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

func spawn(db, role string, extra ...string) (*Child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "AJP_ROLE="+role, "AJP_DB="+db, "AJP_ARG="+strings.Join(extra, " "))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &Child{cmd: cmd, in: in, out: bufio.NewReader(out)}, nil
}

// Next waits for the worker's next report.
func (c *Child) Next() (string, error) {
	line, err := c.out.ReadString('\n')
	return strings.TrimSuffix(line, "\n"), err
}

// Continue lets the worker go on past the point where it waits.
func (c *Child) Continue() error {
	_, err := io.WriteString(c.in, "go\n")
	return err
}

// Kill ends the worker with SIGKILL: no deferred function, no rollback, no goodbye.
func (c *Child) Kill() error {
	if err := c.cmd.Process.Kill(); err != nil {
		return err
	}
	err := c.cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return nil
	}
	return err
}

// RunChild runs the worker role named by AJP_ROLE and exits, or returns when there is none.
func RunChild() {
	role := os.Getenv("AJP_ROLE")
	if role == "" {
		return
	}
	if err := child(context.Background(), role, os.Getenv("AJP_DB"), os.Getenv("AJP_ARG")); err != nil {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func child(ctx context.Context, role, db, arg string) error {
	pool, err := pgxpool.New(ctx, "dbname="+db)
	if err != nil {
		return err
	}
	defer pool.Close()
	stdin := bufio.NewReader(os.Stdin)
	say := func(format string, a ...any) { fmt.Printf(format+"\n", a...) }
	wait := func() { stdin.ReadString('\n') }

	switch role {
	// ANCHOR: afterCommit
	case "enqueue-after-commit":
		var id int64
		err := pool.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents)
		                           VALUES ('order-1', 4999) RETURNING id`).Scan(&id)
		if err != nil {
			return err
		}
		say("committed payment %d", id)
		wait() // the scenario kills the process here
		_, _, err = jobq.Enqueue(ctx, pool, jobq.Job{Kind: "charge", Args: payments.Args{PaymentID: id}})
		return err
	// ANCHOR_END: afterCommit

	// ANCHOR: inTx
	case "enqueue-in-tx":
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO payments (order_ref, amount_cents)
			                         VALUES ('order-1', 4999) RETURNING id`).Scan(&id)
			if err != nil {
				return err
			}
			if _, _, err := jobq.Enqueue(ctx, tx, jobq.Job{Kind: "charge", Args: payments.Args{PaymentID: id}}); err != nil {
				return err
			}
			say("inserted payment %d and its job", id)
			wait() // killed here, or let through to the commit
			return nil
		})
	// ANCHOR_END: inTx

	case "claim-and-hang":
		job, err := jobq.Claim(ctx, pool, 30*time.Second)
		if err != nil || job == nil {
			return fmt.Errorf("claim: %v, %v", job, err)
		}
		say("claimed job %d, attempt %d, lease 30s", job.ID, job.Attempt)
		wait()
		return nil

	case "charge-naive", "charge-table", "charge-key":
		url := arg
		job, err := jobq.Claim(ctx, pool, 30*time.Second)
		if err != nil || job == nil {
			return fmt.Errorf("claim: %v, %v", job, err)
		}
		hooks := payments.Hooks{AfterCharge: func(c payments.Charge) {
			say("charged %s", c.ID)
			wait() // killed between the provider's answer and the database write
		}}
		if role == "charge-naive" {
			return payments.ChargeNaive(ctx, pool, payments.Client{URL: url}, job, hooks)
		}
		return payments.ChargeOnce(ctx, pool, payments.Client{URL: url, UseKey: role == "charge-key"}, job, hooks)
	}
	return fmt.Errorf("unknown role %q", role)
}
