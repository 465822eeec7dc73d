// Package payments charges a card through a payment provider from a queued job, once.
package payments

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Provider stands in for a card processor's charge endpoint. It charges on every POST without
// an Idempotency-Key. With a key it models three cases of Stripe's API v1 documentation: a key
// it has finished with gets the first response again (a replay); a key whose first request is
// still executing gets 409 Conflict and nothing is saved, so the caller can retry; a key reused
// with other parameters gets an error of type idempotency_error (400 here).
type Provider struct {
	mu       sync.Mutex
	Requests int
	Charges  []Charge
	byKey    map[string]Charge
	inFlight map[string]bool

	// Executing, when set, is called while a keyed charge is being made, outside the lock:
	// a test blocks in it to keep a request in flight.
	Executing func(key string)
}

// Charge is one charge the provider made.
type Charge struct {
	ID          string `json:"id"`
	PaymentID   int64  `json:"payment_id"`
	AmountCents int64  `json:"amount_cents"`
}

type apiError struct {
	Error struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeError(w http.ResponseWriter, status int, typ, msg string) {
	var e apiError
	e.Error.Type, e.Error.Message = typ, msg
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(e)
}

func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req Charge
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request_error", err.Error())
		return
	}
	key := r.Header.Get("Idempotency-Key")
	p.mu.Lock()
	p.Requests++
	if key != "" {
		if c, ok := p.byKey[key]; ok {
			p.mu.Unlock()
			if c.PaymentID != req.PaymentID || c.AmountCents != req.AmountCents {
				writeError(w, http.StatusBadRequest, "idempotency_error", "key reused with other parameters")
				return
			}
			w.Header().Set("Idempotent-Replayed", "true")
			json.NewEncoder(w).Encode(c)
			return
		}
		if p.inFlight[key] {
			p.mu.Unlock()
			writeError(w, http.StatusConflict, "idempotency_error", "a request with this key is still executing")
			return
		}
		if p.inFlight == nil {
			p.inFlight = map[string]bool{}
		}
		p.inFlight[key] = true
		if p.Executing != nil {
			p.mu.Unlock()
			p.Executing(key)
			p.mu.Lock()
		}
	}
	c := Charge{ID: fmt.Sprintf("ch_%d", len(p.Charges)+1), PaymentID: req.PaymentID, AmountCents: req.AmountCents}
	p.Charges = append(p.Charges, c)
	if key != "" {
		if p.byKey == nil {
			p.byKey = map[string]Charge{}
		}
		p.byKey[key] = c
		delete(p.inFlight, key)
	}
	p.mu.Unlock()
	json.NewEncoder(w).Encode(c)
}

// Count returns the number of requests and of charges so far.
func (p *Provider) Count() (requests, charges int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.Requests, len(p.Charges)
}
