package client_test

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/client"
	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

var start = time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC)

// counting counts the requests that reach the network.
type counting struct{ n atomic.Int32 }

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// newClient is a client whose sleeps advance the fake clock and are recorded.
func newClient(clock *fakeclock.Clock, sleeps *[]time.Duration) (*client.Client, *counting) {
	transport := &counting{}
	return &client.Client{
		HTTP:        &http.Client{Transport: transport},
		Backoff:     client.Backoff{Base: 100 * time.Millisecond, Cap: 10 * time.Second, Jitter: client.FullJitter},
		MaxAttempts: 5,
		MaxWait:     time.Minute,
		Rand:        rand.New(rand.NewPCG(7, 7)),
		Now:         clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error {
			*sleeps = append(*sleeps, d)
			return clock.Sleep(ctx, d)
		},
	}, transport
}

// ANCHOR: against-server
// The free plan's burst is 5: the sixth request is refused with
// Retry-After: 1, and the client comes back no earlier, and within a second.
func TestHonoursTheServersRetryAfter(t *testing.T) {
	clock := fakeclock.New(start)
	limit := &httpapi.Limit{Accounts: httpapi.Demo, Guard: &quota.Guard{
		Limiter: quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now),
		Now:     clock.Now, Timeout: time.Second, Cooldown: time.Second, Remember: time.Second,
	}}
	api := httptest.NewServer(limit.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	defer api.Close()

	var sleeps []time.Duration
	c, sent := newClient(clock, &sleeps)
	for i := range 6 {
		req, _ := http.NewRequest("GET", api.URL+"/v1/quotes", nil)
		req.Header.Set("Authorization", "Bearer key_alice")
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d ended with %d", i+1, resp.StatusCode)
		}
	}
	if sent.n.Load() != 7 || len(sleeps) != 1 {
		t.Fatalf("sent %d requests and slept %v, want 7 requests and one sleep", sent.n.Load(), sleeps)
	}
	if sleeps[0] < time.Second || sleeps[0] > 2*time.Second {
		t.Fatalf("slept %v, want Retry-After's 1s plus at most 1s of spread", sleeps[0])
	}
}

// ANCHOR_END: against-server

// A server an hour and a half behind the client sends Retry-After as a date:
// measured from the response's Date, the wait is 3s, not 3s minus the skew.
func TestRetryAfterAsDate(t *testing.T) {
	clock := fakeclock.New(start)
	serverSkew := -90 * time.Minute
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			serverNow := clock.Now().Add(serverSkew)
			w.Header().Set("Date", serverNow.Format(http.TimeFormat))
			w.Header().Set("Retry-After", serverNow.Add(3*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer api.Close()
	var sleeps []time.Duration
	c, _ := newClient(clock, &sleeps)
	resp, err := c.Do(mustRequest(t, "GET", api.URL, nil))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%v, %v", resp, err)
	}
	if len(sleeps) != 1 || sleeps[0] < 3*time.Second || sleeps[0] > 4*time.Second {
		t.Fatalf("slept %v, want 3s plus at most 1s of spread", sleeps)
	}
}

func TestBacksOffWithoutRetryAfter(t *testing.T) {
	clock := fakeclock.New(start)
	var calls atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 3 {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer api.Close()
	var sleeps []time.Duration
	c, _ := newClient(clock, &sleeps)
	resp, err := c.Do(mustRequest(t, "GET", api.URL, nil))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("%v, %v", resp, err)
	}
	for attempt, d := range sleeps {
		if ceiling := 100 * time.Millisecond << attempt; d < 0 || d > ceiling {
			t.Errorf("retry %d after %v, want full jitter within [0, %v]", attempt, d, ceiling)
		}
	}
	if len(sleeps) != 3 {
		t.Errorf("slept %d times, want 3", len(sleeps))
	}
}

func TestGivesUpOnAWaitTooLong(t *testing.T) {
	clock := fakeclock.New(start)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer api.Close()
	var sleeps []time.Duration
	c, sent := newClient(clock, &sleeps)
	_, err := c.Do(mustRequest(t, "GET", api.URL, nil))
	var tooLong *client.ErrWaitTooLong
	if !errors.As(err, &tooLong) || tooLong.Wait != time.Hour || len(sleeps) != 0 || sent.n.Load() != 1 {
		t.Fatalf("err %v after %d requests and sleeps %v: want ErrWaitTooLong for 1h at once", err, sent.n.Load(), sleeps)
	}
}

func TestStopsBeforeTheDeadline(t *testing.T) {
	clock := fakeclock.New(start)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer api.Close()
	var sleeps []time.Duration
	c, _ := newClient(clock, &sleeps)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req := mustRequest(t, "GET", api.URL, nil).WithContext(ctx)
	if _, err := c.Do(req); !errors.Is(err, context.DeadlineExceeded) || len(sleeps) != 0 {
		t.Fatalf("err %v, sleeps %v: want DeadlineExceeded without sleeping", err, sleeps)
	}
}

func TestBodies(t *testing.T) {
	clock := fakeclock.New(start)
	var bodies []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if len(bodies)%2 == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
		}
	}))
	defer api.Close()
	var sleeps []time.Duration
	c, _ := newClient(clock, &sleeps)

	// strings.Reader: http.NewRequest sets GetBody, so the body can be sent again.
	resp, err := c.Do(mustRequest(t, "POST", api.URL, strings.NewReader("order 1")))
	if err != nil || resp.StatusCode != http.StatusOK || strings.Join(bodies, "|") != "order 1|order 1" {
		t.Fatalf("replayable body: %v, %v, server saw %q", resp, err, bodies)
	}
	// A bare reader cannot be replayed: the 429 goes back to the caller.
	resp, err = c.Do(mustRequest(t, "POST", api.URL, io.NopCloser(strings.NewReader("order 2"))))
	if err != nil || resp.StatusCode != http.StatusTooManyRequests || len(bodies) != 3 {
		t.Fatalf("one-shot body: %v, %v, server saw %q", resp, err, bodies)
	}
}

func mustRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
