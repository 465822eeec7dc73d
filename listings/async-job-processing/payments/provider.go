// Package payments charges a card through a payment provider from a queued job, once.
package payments

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Provider stands in for a card processor's charge endpoint. It charges on every POST, and
// when a request carries an Idempotency-Key it has seen, it answers with the first response
// instead of charging again (as Stripe documents for its API).
type Provider struct {
	mu       sync.Mutex
	Requests int
	Charges  []Charge
	byKey    map[string]Charge
}

// Charge is one charge the provider made.
type Charge struct {
	ID          string `json:"id"`
	PaymentID   int64  `json:"payment_id"`
	AmountCents int64  `json:"amount_cents"`
}

func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req Charge
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := r.Header.Get("Idempotency-Key")
	p.mu.Lock()
	p.Requests++
	if c, ok := p.byKey[key]; ok && key != "" {
		p.mu.Unlock()
		if c.PaymentID != req.PaymentID || c.AmountCents != req.AmountCents {
			http.Error(w, "key reused with other parameters", http.StatusConflict)
			return
		}
		w.Header().Set("Idempotent-Replayed", "true")
		json.NewEncoder(w).Encode(c)
		return
	}
	c := Charge{ID: fmt.Sprintf("ch_%d", len(p.Charges)+1), PaymentID: req.PaymentID, AmountCents: req.AmountCents}
	p.Charges = append(p.Charges, c)
	if key != "" {
		if p.byKey == nil {
			p.byKey = map[string]Charge{}
		}
		p.byKey[key] = c
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
