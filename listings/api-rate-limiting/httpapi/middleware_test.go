package httpapi_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dunglas/httpsfv"
	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

var start = time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC)

type response struct {
	status  int
	header  http.Header
	problem struct {
		Type     string   `json:"type"`
		Status   int      `json:"status"`
		Violated []string `json:"violated-policies"`
	}
}

func serve(t *testing.T, g *quota.Guard, accounts httpapi.Accounts) func(key string) response {
	limit := &httpapi.Limit{Accounts: accounts, Guard: g}
	api := httptest.NewServer(limit.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	t.Cleanup(api.Close)
	return func(key string) response {
		req, _ := http.NewRequest("GET", api.URL+"/v1/quotes", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		r := response{status: resp.StatusCode, header: resp.Header}
		if resp.Header.Get("Content-Type") == "application/problem+json" {
			if err := json.NewDecoder(resp.Body).Decode(&r.problem); err != nil {
				t.Fatal(err)
			}
		} else {
			io.Copy(io.Discard, resp.Body)
		}
		return r
	}
}

func guard(t *testing.T, clock *fakeclock.Clock) *quota.Guard {
	return &quota.Guard{Limiter: quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now),
		Now: clock.Now, Timeout: time.Second, Cooldown: time.Second, Remember: time.Second}
}

func TestFreePlanOverHTTP(t *testing.T) {
	clock := fakeclock.New(start)
	get := serve(t, guard(t, clock), httpapi.Demo)
	for i := range 5 {
		if r := get("key_alice"); r.status != http.StatusOK {
			t.Fatalf("request %d of the burst: %d", i+1, r.status)
		}
	}
	r := get("key_alice")
	// By hand: burst spent, next token in 500ms (t=1 rounded up); 5 of 500 spent today,
	// 15 hours to midnight.
	want := map[string]string{
		"RateLimit-Policy": `"rate";q=2;w=1;playbook-burst=5, "daily";q=500;w=86400`,
		"RateLimit":        `"rate";r=0;t=1, "daily";r=495;t=54000`,
		"Retry-After":      "1",
	}
	for name, value := range want {
		if got := r.header.Get(name); got != value {
			t.Errorf("%s: %q, want %q", name, got, value)
		}
	}
	if r.status != http.StatusTooManyRequests || !slices.Equal(r.problem.Violated, []string{"rate"}) ||
		r.problem.Type != "https://iana.org/assignments/http-problem-types#quota-exceeded" {
		t.Errorf("refusal: %d %+v", r.status, r.problem)
	}
	// The fields parse as Structured Field lists (RFC 9651) of items whose values
	// are Strings, as draft -11 requires (not Tokens, which it does not allow).
	for _, name := range []string{"RateLimit-Policy", "RateLimit"} {
		list, err := httpsfv.UnmarshalList(r.header.Values(name))
		if err != nil || len(list) != 2 {
			t.Errorf("%s does not parse as a list of two items: %v", name, err)
		}
		for _, member := range list {
			if item, ok := member.(httpsfv.Item); !ok {
				t.Errorf("%s: %v is not an item", name, member)
			} else if _, ok := item.Value.(string); !ok {
				t.Errorf("%s: the policy name %v is not a String", name, item.Value)
			}
		}
	}
	retryAfterCoversViolated(t, r)
	if r := get("key_bob"); r.status != http.StatusOK {
		t.Errorf("bob, on another account, got %d", r.status)
	}
}

func TestRefusedByTheDailyQuota(t *testing.T) {
	clock := fakeclock.New(start)
	tiny := httpapi.Accounts{"key_tiny": {ID: "tiny", Plan: quota.Plan{Name: "tiny", Rate: 1, Per: time.Second, Burst: 5, Daily: 2}}}
	get := serve(t, guard(t, clock), tiny)
	get("key_tiny")
	get("key_tiny")
	clock.Advance(90 * time.Minute)
	r := get("key_tiny")
	if r.status != http.StatusTooManyRequests || !slices.Equal(r.problem.Violated, []string{"daily"}) ||
		r.header.Get("Retry-After") != "48600" { // 10:30 to midnight
		t.Fatalf("third request of a 2-a-day plan: %d %+v, Retry-After %q", r.status, r.problem, r.header.Get("Retry-After"))
	}
	retryAfterCoversViolated(t, r)
}

// retryAfterCoversViolated checks the middleware's reading of draft -11's rule
// that Retry-After should not point earlier than the end of the effective
// window: with several policies, the windows of the policies that refused.
func retryAfterCoversViolated(t *testing.T, r response) {
	t.Helper()
	retryAfter, err := strconv.ParseInt(r.header.Get("Retry-After"), 10, 64)
	if err != nil {
		t.Fatalf("Retry-After: %v", err)
	}
	list, err := httpsfv.UnmarshalList(r.header.Values("RateLimit"))
	if err != nil {
		t.Fatalf("RateLimit: %v", err)
	}
	for _, member := range list {
		item := member.(httpsfv.Item)
		if !slices.Contains(r.problem.Violated, item.Value.(string)) {
			continue
		}
		window, ok := item.Params.Get("t")
		if !ok || retryAfter < window.(int64) {
			t.Errorf("Retry-After %d ends before the effective window of refusing policy %v (t=%v)", retryAfter, item.Value, window)
		}
	}
}

func TestUnknownKey(t *testing.T) {
	get := serve(t, guard(t, fakeclock.New(start)), httpapi.Demo)
	if r := get("key_mallory"); r.status != http.StatusUnauthorized || r.header.Get("RateLimit") != "" {
		t.Fatalf("unknown key: %d, RateLimit %q", r.status, r.header.Get("RateLimit"))
	}
}

// With no store to ask: fail closed answers 503, not 429, and fail open
// admits; neither claims a quota it could not read.
func TestStoreUnreachable(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	nowhere := listener.Addr().String()
	listener.Close() // nothing listens there now
	for _, c := range []struct {
		mode       quota.Mode
		status     int
		retryAfter string
	}{
		{quota.FailClosed, http.StatusServiceUnavailable, "1"},
		{quota.FailOpen, http.StatusOK, ""},
	} {
		clock := fakeclock.New(start)
		rdb := redis.NewClient(&redis.Options{Addr: nowhere, ContextTimeoutEnabled: true, MaxRetries: -1})
		defer rdb.Close()
		g := &quota.Guard{Limiter: quota.NewLimiter(rdb, "rl:", clock.Now), Mode: c.mode, Now: clock.Now,
			Timeout: 50 * time.Millisecond, Cooldown: time.Second, Remember: time.Second}
		r := serve(t, g, httpapi.Demo)("key_alice")
		if r.status != c.status || r.header.Get("Retry-After") != c.retryAfter || r.header.Get("RateLimit") != "" {
			t.Errorf("mode %d: %d, Retry-After %q, RateLimit %q", c.mode, r.status, r.header.Get("Retry-After"), r.header.Get("RateLimit"))
		}
	}
}
