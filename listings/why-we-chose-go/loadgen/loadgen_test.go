package loadgen

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentileIsNearestRank(t *testing.T) {
	var r Result
	for i := 1; i <= 1000; i++ {
		r.Latencies = append(r.Latencies, time.Duration(i)*time.Millisecond)
	}
	for _, tt := range []struct {
		tenths int
		want   time.Duration
	}{
		{500, 500 * time.Millisecond},
		{900, 900 * time.Millisecond},
		{990, 990 * time.Millisecond},
		{999, 999 * time.Millisecond}, // float64(1000)*99.9/100 is 999.0000000000001
		{1000, 1000 * time.Millisecond},
		{1, time.Millisecond},
	} {
		if got := r.Percentile(tt.tenths); got != tt.want {
			t.Errorf("Percentile(%d) = %v, want %v", tt.tenths, got, tt.want)
		}
	}
	three := Result{Latencies: []time.Duration{1, 2, 3}}
	if got := three.Percentile(500); got != 2 {
		t.Errorf("median of three = %v, want the second", got)
	}
	if got := (Result{}).Percentile(500); got != 0 {
		t.Errorf("no requests: %v", got)
	}
}

// server counts what the load generator does to it.
type server struct {
	inFlight, maxInFlight, connections atomic.Int64
	mu                                 sync.Mutex
	paths                              map[string]int
}

func newServer(t *testing.T, status int) (*server, *httptest.Server) {
	s := &server{paths: map[string]int{}}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			peak := s.maxInFlight.Load()
			if now <= peak || s.maxInFlight.CompareAndSwap(peak, now) {
				break
			}
		}
		s.mu.Lock()
		s.paths[r.URL.RequestURI()]++
		s.mu.Unlock()
		time.Sleep(2 * time.Millisecond)
		w.WriteHeader(status)
	}))
	ts.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.connections.Add(1)
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	return s, ts
}

func TestRunKeepsConcurrencyFixedAndUsesEveryTarget(t *testing.T) {
	s, ts := newServer(t, http.StatusOK)
	cfg := Config{
		BaseURL: ts.URL, Targets: []string{"/a", "/b?x=1", "/c"},
		Concurrency: 4, WarmUp: 50 * time.Millisecond, Duration: 250 * time.Millisecond,
	}
	r, err := Run(context.Background(), NewClient(cfg.Concurrency), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.maxInFlight.Load(); got != 4 {
		t.Errorf("at most %d requests were in flight, want exactly 4", got)
	}
	if got := s.connections.Load(); got < 1 || got > 4 {
		t.Errorf("%d connections opened, want 1 to 4 (one per worker, kept alive)", got)
	}
	for _, path := range cfg.Targets {
		if s.paths[path] == 0 {
			t.Errorf("target %s was never requested", path)
		}
	}
	if r.WarmUpRequests == 0 || r.Requests() == 0 {
		t.Errorf("warm-up %d requests, measured %d: want both above zero", r.WarmUpRequests, r.Requests())
	}
	total := 0
	for _, n := range s.paths {
		total += n
	}
	if total != r.WarmUpRequests+r.Requests() {
		t.Errorf("server saw %d requests, load generator counted %d", total, r.WarmUpRequests+r.Requests())
	}
	if r.Latencies[0] < 2*time.Millisecond {
		t.Errorf("fastest latency %v is shorter than the handler's 2 ms sleep", r.Latencies[0])
	}
	if r.Throughput() != float64(r.Requests())/0.25 {
		t.Errorf("throughput %v is not requests per second of the window", r.Throughput())
	}
}

func TestRunStopsAtTheFirstFailedRequest(t *testing.T) {
	_, ts := newServer(t, http.StatusServiceUnavailable)
	cfg := Config{BaseURL: ts.URL, Targets: []string{"/a"}, Concurrency: 2, Duration: time.Second}
	_, err := Run(context.Background(), NewClient(2), cfg)
	if err == nil || !strings.Contains(err.Error(), "status 503") {
		t.Fatalf("err = %v, want one naming status 503", err)
	}
}

func TestRunRejectsAnEmptyConfig(t *testing.T) {
	if _, err := Run(context.Background(), NewClient(1), Config{BaseURL: "http://127.0.0.1:1"}); err == nil {
		t.Fatal("want an error for no workers, no targets and no duration")
	}
}
