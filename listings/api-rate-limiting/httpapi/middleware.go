package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"playbook.example/api-rate-limiting/quota"
)

// ANCHOR: middleware
// Limit admits each request through the guard of the shared limiter and
// tells the client where it stands.
type Limit struct {
	Accounts Accounts
	Guard    *quota.Guard
}

func (l *Limit) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		account, ok := l.Accounts[key]
		if !ok {
			// Anonymous floods are the edge's job, limited per address there.
			problem(w, http.StatusUnauthorized, "unknown API key", nil)
			return
		}
		d, source := l.Guard.Decide(r.Context(), account.ID, account.Plan)
		h := w.Header()
		switch source {
		case quota.FromClosed:
			// Not the client's fault: 503, not 429, and no quota to report.
			h.Set("Retry-After", strconv.FormatInt(ceilSeconds(d.RetryAfter()), 10))
			problem(w, http.StatusServiceUnavailable, "the rate limiter cannot decide", nil)
			return
		case quota.FromStore, quota.FromRemembered:
			h.Set("RateLimit-Policy", policyField(account.Plan))
			h.Set("RateLimit", limitField(d))
		}
		if !d.Allowed() {
			h.Set("Retry-After", strconv.FormatInt(ceilSeconds(d.RetryAfter()), 10))
			problem(w, http.StatusTooManyRequests, "Too Many Requests", violated(d))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ANCHOR_END: middleware

func violated(d quota.Decision) []string {
	var names []string
	if !d.RateOK {
		names = append(names, "rate")
	}
	if !d.QuotaOK {
		names = append(names, "daily")
	}
	return names
}

// problem writes an RFC 9457 problem. A refusal by quota uses the problem
// type the RateLimit draft proposes, with the policies that refused it.
func problem(w http.ResponseWriter, status int, title string, policies []string) {
	body := struct {
		Type     string   `json:"type"`
		Title    string   `json:"title"`
		Status   int      `json:"status"`
		Violated []string `json:"violated-policies,omitempty"`
	}{"about:blank", title, status, policies}
	if policies != nil {
		body.Type = "https://iana.org/assignments/http-problem-types#quota-exceeded"
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}
