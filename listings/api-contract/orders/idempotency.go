package orders

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The longest key accepted, as Stripe's API accepts.
const maxKeyLength = 255

// ANCHOR: create
// create makes an order at most once per idempotency key. The key's row, the order and the
// stored response are written in one transaction: a duplicate that arrives while the first
// request runs waits on the key's unique index, then replays the committed response; if the
// first request fails, its row is rolled back with it and a retry runs the request again.
func (s *Service) create(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || len(key) > maxKeyLength {
		writeProblem(w, invalidRequest(r.URL.Path, fmt.Sprintf("send an Idempotency-Key header of 1 to %d characters", maxKeyLength)))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		writeProblem(w, invalidRequest(r.URL.Path, "the request body could not be read"))
		return
	}
	var input struct {
		Customer string `json:"customer"`
		Amount   Money  `json:"amount"`
	}
	if err := json.Unmarshal(body, &input); err != nil || input.Customer == "" {
		detail := "customer is required"
		if err != nil {
			detail = err.Error()
		}
		writeProblem(w, invalidRequest(r.URL.Path, detail)) // not stored: the client may fix the body and retry
		return
	}
	fingerprint := sha256.Sum256(append([]byte(r.Method+" "+r.URL.Path+"\n"), body...))

	tx, err := s.DB.Begin(r.Context())
	if err != nil {
		serverError(w, r, err)
		return
	}
	defer tx.Rollback(context.WithoutCancel(r.Context()))
	inserted, err := tx.Exec(r.Context(), `INSERT INTO idempotency_keys (key, request_hash)
		VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, fingerprint[:])
	if err != nil {
		serverError(w, r, err)
		return
	}
	if inserted.RowsAffected() == 0 {
		s.replay(w, r, tx, key, fingerprint[:])
		return
	}
	var order Order
	err = tx.QueryRow(r.Context(), `INSERT INTO orders (customer, amount_minor, currency)
		VALUES ($1, $2, $3) RETURNING id, customer, amount_minor, currency, created_at`,
		input.Customer, input.Amount.Minor, input.Amount.Currency).Scan(
		&order.ID, &order.Customer, &order.Amount.Minor, &order.Amount.Currency, (*time.Time)(&order.CreatedAt))
	if err != nil {
		serverError(w, r, err)
		return
	}
	response, err := json.Marshal(order)
	if err != nil {
		serverError(w, r, err)
		return
	}
	if _, err := tx.Exec(r.Context(), `UPDATE idempotency_keys SET status = $2, body = $3 WHERE key = $1`,
		key, http.StatusCreated, response); err != nil {
		serverError(w, r, err)
		return
	}
	if err := tx.Commit(r.Context()); err != nil {
		serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	w.Write(append(response, '\n'))
}

// replay answers a request whose key is already committed: the stored response if the
// request is the same, and 422 if the key is being reused for a different request.
func (s *Service) replay(w http.ResponseWriter, r *http.Request, tx pgx.Tx, key string, fingerprint []byte) {
	var stored []byte
	var status int
	var response []byte
	err := tx.QueryRow(r.Context(), `SELECT request_hash, status, body FROM idempotency_keys WHERE key = $1`, key).
		Scan(&stored, &status, &response)
	if err != nil {
		serverError(w, r, err)
		return
	}
	if !bytes.Equal(stored, fingerprint) {
		writeProblem(w, Problem{Type: problemBase + "idempotency-key-reused", Title: "Idempotency key reused",
			Status: http.StatusUnprocessableEntity, Instance: r.URL.Path,
			Detail: "this Idempotency-Key was sent before with a different request"})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Idempotent-Replayed", "true")
	w.WriteHeader(status)
	w.Write(append(response, '\n'))
}

// ANCHOR_END: create

// ANCHOR: prune
// PruneKeys deletes the keys older than retention and says how many it deleted. A request that
// reuses a pruned key runs again, as a new request: keys are a retry window, not a ledger.
func PruneKeys(ctx context.Context, db *pgxpool.Pool, retention time.Duration) (int64, error) {
	tag, err := db.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < now() - $1::interval`, retention)
	return tag.RowsAffected(), err
}

// ANCHOR_END: prune
