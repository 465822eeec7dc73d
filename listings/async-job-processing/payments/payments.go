package payments

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/async-job-processing/jobq"
)

// Schema holds the payments and the idempotency keys of their charges.
const Schema = `
CREATE TABLE payments (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_ref    text   NOT NULL,
    amount_cents bigint NOT NULL,
    charge_id    text
);
-- ANCHOR: keys
CREATE TABLE idempotency_keys (
    key        text PRIMARY KEY,            -- names the business operation, not the attempt
    state      text NOT NULL CHECK (state IN ('started', 'charged')),
    charge_id  text,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- ANCHOR_END: keys
`

// Args are a charge job's arguments.
type Args struct {
	PaymentID int64 `json:"payment_id"`
}

// Client calls the provider. UseKey false sends no Idempotency-Key, as the naive version does.
type Client struct {
	URL    string
	UseKey bool
}

// Hooks lets a scenario stop the handler at a chosen point; nil hooks do nothing.
type Hooks struct {
	AfterCharge func(Charge)
}

// ANCHOR: naive
// ChargeNaive calls the provider and then records the charge with the job's completion.
func ChargeNaive(ctx context.Context, pool *pgxpool.Pool, pc Client, job *jobq.Claimed, h Hooks) error {
	var a Args
	if err := json.Unmarshal(job.Args, &a); err != nil {
		return jobq.Permanent(err)
	}
	var amount int64
	if err := pool.QueryRow(ctx, `SELECT amount_cents FROM payments WHERE id = $1`, a.PaymentID).Scan(&amount); err != nil {
		return err
	}
	charge, err := pc.charge(ctx, "", a.PaymentID, amount)
	if err != nil {
		return err
	}
	if h.AfterCharge != nil {
		h.AfterCharge(charge)
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE payments SET charge_id = $2 WHERE id = $1`, a.PaymentID, charge.ID); err != nil {
			return err
		}
		return jobq.Complete(ctx, tx, job)
	})
}

// ANCHOR_END: naive

// ANCHOR: once
// ChargeOnce charges the payment at most once however often its job runs: the key names the
// payment, the provider deduplicates calls that carry it, and the local row records the
// outcome so that a later run does not call at all.
func ChargeOnce(ctx context.Context, pool *pgxpool.Pool, pc Client, job *jobq.Claimed, h Hooks) error {
	var a Args
	if err := json.Unmarshal(job.Args, &a); err != nil {
		return jobq.Permanent(err)
	}
	key := fmt.Sprintf("payment-%d", a.PaymentID)

	// Recovery point 1: the key exists before any call leaves the building.
	var state string
	var amount int64
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO idempotency_keys (key, state) VALUES ($1, 'started')
		                           ON CONFLICT (key) DO NOTHING`, key); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT k.state, p.amount_cents FROM idempotency_keys k, payments p
		                          WHERE k.key = $1 AND p.id = $2 FOR UPDATE OF k`, key, a.PaymentID).Scan(&state, &amount)
	})
	if err != nil {
		return err
	}
	if state == "charged" { // an earlier run finished the work: only the job is left to close
		return jobq.Complete(ctx, pool, job)
	}

	// The external call, with the same key on every run; the provider answers a repeat
	// with the first charge.
	charge, err := pc.charge(ctx, key, a.PaymentID, amount)
	if err != nil {
		return err
	}
	if h.AfterCharge != nil {
		h.AfterCharge(charge)
	}

	// Recovery point 2: the outcome, the payment and the job's completion commit together.
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE idempotency_keys SET state = 'charged', charge_id = $2 WHERE key = $1`, key, charge.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE payments SET charge_id = $2 WHERE id = $1`, a.PaymentID, charge.ID); err != nil {
			return err
		}
		return jobq.Complete(ctx, tx, job)
	})
}

// ANCHOR_END: once

func (pc Client) charge(ctx context.Context, key string, paymentID, amount int64) (Charge, error) {
	body, _ := json.Marshal(Charge{PaymentID: paymentID, AmountCents: amount})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, pc.URL, bytes.NewReader(body))
	if err != nil {
		return Charge{}, err
	}
	if pc.UseKey {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return Charge{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		var c Charge
		return c, json.NewDecoder(resp.Body).Decode(&c)
	}
	var e apiError
	json.NewDecoder(resp.Body).Decode(&e)
	return Charge{}, classify(resp.StatusCode, e.Error.Type, e.Error.Message)
}

// ANCHOR: status
// classify turns a provider's error answer into a job error. Only a request that can never
// succeed is permanent; the job retries everything else with the same key.
func classify(status int, errType, msg string) error {
	err := fmt.Errorf("provider: %d %s: %s", status, errType, msg)
	switch {
	case status == http.StatusConflict:
		// Another request with this key is still executing (a stalled worker's). Nothing was
		// saved for this one; a retry gets the first request's answer once it has finished.
		return err
	case errType == "idempotency_error":
		// The key was used with other parameters: a bug that no retry fixes.
		return jobq.Permanent(err)
	default:
		return err
	}
}

// ANCHOR_END: status
