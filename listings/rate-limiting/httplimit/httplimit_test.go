package httplimit

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook.example/rate-limiting/limit"
)

func TestClientKey(t *testing.T) {
	for _, tc := range []struct {
		remoteAddr, apiKey, want string
	}{
		{"192.0.2.7:51234", "", "ip:192.0.2.7"},
		{"192.0.2.7:51234", "k-1", "key:k-1"},
		{"[2001:db8:aa:bb:1:2:3:4]:443", "", "net:2001:db8:aa:bb::/64"},
		{"[2001:db8:aa:bb:ffff:ffff:ffff:ffff]:443", "", "net:2001:db8:aa:bb::/64"},
		{"[2001:db8:aa:bc::1]:443", "", "net:2001:db8:aa:bc::/64"},
		{"[::ffff:192.0.2.7]:80", "", "ip:192.0.2.7"},
		{"@", "", "addr:@"},
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = tc.remoteAddr
		if tc.apiKey != "" {
			r.Header.Set("X-API-Key", tc.apiKey)
		}
		if got := ClientKey(r); got != tc.want {
			t.Errorf("RemoteAddr %q, API key %q: got %q, want %q", tc.remoteAddr, tc.apiKey, got, tc.want)
		}
	}
}

func TestRateLimitSeparatesClients(t *testing.T) {
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	policy := limit.Policy{Limit: 1, Per: time.Second, Burst: 1}
	clients, err := limit.NewKeyed(policy, 100, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	rl, err := NewRateLimit("default", policy, clients, ClientKey)
	if err != nil {
		t.Fatal(err)
	}
	served := 0
	handler := rl.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { served++ }))

	status := func(remoteAddr string) int {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = remoteAddr
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, r)
		return rec.Code
	}
	for _, tc := range []struct {
		remoteAddr string
		want       int
	}{
		{"192.0.2.1:1000", http.StatusOK},
		{"192.0.2.1:1001", http.StatusTooManyRequests}, // same host, new connection
		{"192.0.2.2:1000", http.StatusOK},
		{"[2001:db8::1]:1000", http.StatusOK},
		{"[2001:db8::2]:1000", http.StatusTooManyRequests}, // same /64
	} {
		if got := status(tc.remoteAddr); got != tc.want {
			t.Errorf("%s: status %d, want %d", tc.remoteAddr, got, tc.want)
		}
	}
	if served != 3 {
		t.Errorf("the handler ran %d times, want 3", served)
	}
}

func TestNewRateLimitRejectsFractionalWindows(t *testing.T) {
	policy := limit.Policy{Limit: 10, Per: 1500 * time.Millisecond, Burst: 1}
	_, err := NewRateLimit("odd", policy, nil, ClientKey)
	if err == nil || !strings.Contains(err.Error(), `policy "odd": window must be a whole number of seconds, got 1.5s`) {
		t.Fatalf("got %v", err)
	}
}

func TestShedRejectsPastTheCap(t *testing.T) {
	const capacity = 3
	started := make(chan struct{})
	release := make(chan struct{})
	handler := Shed(capacity, 2*time.Second, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		started <- struct{}{}
		<-release
	}))

	var wg sync.WaitGroup
	for range capacity {
		wg.Go(func() {
			rec := httptest.NewRecorder()
			handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
			if rec.Code != http.StatusOK {
				t.Errorf("a request within the cap got %d", rec.Code)
			}
		})
		<-started // the slot is taken before the next request comes
	}

	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "2" {
		t.Errorf("past the cap: status %d, Retry-After %q; want 503 and \"2\"", rec.Code, rec.Header().Get("Retry-After"))
	}

	close(release)
	wg.Wait()
	go func() { <-started }() // the next request's handler announces itself
	rec = httptest.NewRecorder()
	handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("after the in-flight requests ended: status %d, want 200", rec.Code)
	}
}

func TestCeilSeconds(t *testing.T) {
	for d, want := range map[time.Duration]int64{
		0:                                     0,
		time.Nanosecond:                       1,
		999 * time.Millisecond:                1,
		time.Second:                           1,
		time.Second + time.Nanosecond:         2,
		59*time.Second + 400*time.Millisecond: 60,
	} {
		if got := ceilSeconds(d); got != want {
			t.Errorf("ceilSeconds(%v) = %d, want %d", d, got, want)
		}
	}
}
