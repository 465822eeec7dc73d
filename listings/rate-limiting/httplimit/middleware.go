// Package httplimit puts the limiters of package limit in front of an
// http.Handler: a per-client rate limit answering 429, and a concurrency
// cap that sheds load with 503.
package httplimit

import (
	"fmt"
	"net/http"
	"time"

	"playbook.example/rate-limiting/limit"
)

// ANCHOR: middleware
// RateLimit admits each client's requests through a keyed GCRA limiter and
// advertises the policy with the RateLimit-Policy and RateLimit fields of
// draft-ietf-httpapi-ratelimit-headers-11 (an Internet-Draft, not an RFC).
type RateLimit struct {
	name    string // the policy's name in the RateLimit fields
	policy  limit.Policy
	clients *limit.Keyed
	keyOf   func(*http.Request) string
}

func NewRateLimit(name string, p limit.Policy, clients *limit.Keyed, keyOf func(*http.Request) string) (*RateLimit, error) {
	// The draft's window is whole seconds (a delay-seconds value).
	if p.Per < time.Second || p.Per%time.Second != 0 {
		return nil, fmt.Errorf("policy %q: window must be a whole number of seconds, got %v", name, p.Per)
	}
	return &RateLimit{name: name, policy: p, clients: clients, keyOf: keyOf}, nil
}

func (rl *RateLimit) Wrap(next http.Handler) http.Handler {
	// The draft defines no burst parameter; it asks for vendor-prefixed ones
	// for such details, which clients that do not know them ignore.
	policyField := fmt.Sprintf("%q;q=%d;w=%d;playbook-burst=%d", rl.name, rl.policy.Limit, rl.policy.Per/time.Second, rl.policy.Burst)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := rl.clients.Allow(rl.keyOf(r))
		h := w.Header()
		h.Set("RateLimit-Policy", policyField)
		h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", rl.name, d.Remaining, ceilSeconds(d.NextToken)))
		if !d.Allowed {
			h.Set("Retry-After", fmt.Sprint(ceilSeconds(d.NextToken)))
			http.Error(w, "rate limit exceeded", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ceilSeconds rounds up, so that a client that waits as told never arrives
// before its token does. Retry-After has no fractions of a second.
func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// ANCHOR_END: middleware
