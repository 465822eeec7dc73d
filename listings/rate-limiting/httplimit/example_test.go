package httplimit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"playbook.example/rate-limiting/httplimit"
	"playbook.example/rate-limiting/limit"
)

// ANCHOR: example
// Example_rateLimit sends one client's requests through the middleware with
// a fake clock and prints the status and the rate-limit fields of each reply.
func Example_rateLimit() {
	start := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }

	policy := limit.Policy{Limit: 6, Per: time.Minute, Burst: 2} // a token every 10 s
	clients, err := limit.NewKeyed(policy, 10_000, clock)
	if err != nil {
		panic(err)
	}
	rl, err := httplimit.NewRateLimit("per-key", policy, clients, httplimit.ClientKey)
	if err != nil {
		panic(err)
	}
	handler := rl.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	}))

	var rec *httptest.ResponseRecorder
	for _, wait := range []time.Duration{0, 0, 0, 4 * time.Second, 6 * time.Second} {
		now = now.Add(wait)
		req := httptest.NewRequest(http.MethodGet, "/v1/messages", nil)
		req.Header.Set("X-API-Key", "k-123")
		rec = httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Printf("t=%-3v %d  RateLimit: %s", now.Sub(start), rec.Code, rec.Header().Get("RateLimit"))
		if retry := rec.Header().Get("Retry-After"); retry != "" {
			fmt.Printf("  Retry-After: %s", retry)
		}
		fmt.Println()
	}
	fmt.Println("RateLimit-Policy:", rec.Header().Get("RateLimit-Policy"))
	// Output:
	// t=0s  200  RateLimit: "per-key";r=1;t=10
	// t=0s  200  RateLimit: "per-key";r=0;t=10
	// t=0s  429  RateLimit: "per-key";r=0;t=10  Retry-After: 10
	// t=4s  429  RateLimit: "per-key";r=0;t=6  Retry-After: 6
	// t=10s 200  RateLimit: "per-key";r=0;t=10
	// RateLimit-Policy: "per-key";q=6;w=60;playbook-burst=2
}

// ANCHOR_END: example
