// Command retrystorm prints the record "retrystorm": 50 workers of one
// account start at the same instant against a limit of 10 a second, and
// each retries until its one request gets through. Every attempt is a real
// HTTP request to the real middleware and the real script in Redis; only
// time is simulated, one event at a time, so every run is the same.
package main

import (
	"container/heap"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"playbook.example/api-rate-limiting/client"
	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

const (
	workers    = 50
	roundTrip  = 10 * time.Millisecond
	maxAttempt = 10_000
)

var batch = httpapi.Account{ID: "batch", Plan: quota.Plan{Name: "batch", Rate: 10, Per: time.Second, Burst: 10, Daily: 1_000_000}}

// ANCHOR: strategies
// worker is one of the batch's workers: its random source and its retries.
type worker struct {
	rnd     *rand.Rand
	attempt int           // retries so far
	prev    time.Duration // the previous wait
}

var backoff = client.Backoff{Base: 100 * time.Millisecond, Cap: 10 * time.Second}

func jitter(j client.Jitter) client.Backoff { b := backoff; b.Jitter = j; return b }

// Each strategy chooses a worker's next wait from the Retry-After it got.
var strategies = []struct {
	name  string
	seeds int // runs averaged: one for the strategies without randomness
	wait  func(w *worker, retryAfter time.Duration, given bool) time.Duration
}{
	{"retry at once", 1, func(*worker, time.Duration, bool) time.Duration { return 0 }},
	{"exponential, no jitter", 1, func(w *worker, _ time.Duration, _ bool) time.Duration {
		return jitter(client.NoJitter).Delay(w.attempt, w.prev, w.rnd)
	}},
	{"exponential, full jitter", 5, func(w *worker, _ time.Duration, _ bool) time.Duration {
		return jitter(client.FullJitter).Delay(w.attempt, w.prev, w.rnd)
	}},
	{"exponential, equal jitter", 5, func(w *worker, _ time.Duration, _ bool) time.Duration {
		return jitter(client.EqualJitter).Delay(w.attempt, w.prev, w.rnd)
	}},
	{"exponential, decorrelated", 5, func(w *worker, _ time.Duration, _ bool) time.Duration {
		return jitter(client.DecorrelatedJitter).Delay(w.attempt, w.prev, w.rnd)
	}},
	{"Retry-After exactly", 1, func(w *worker, retryAfter time.Duration, _ bool) time.Duration {
		return retryAfter
	}},
	{"Retry-After + full jitter", 5, func(w *worker, retryAfter time.Duration, _ bool) time.Duration {
		return retryAfter + jitter(client.FullJitter).Delay(w.attempt, w.prev, w.rnd)
	}},
	{"Retry-After + up to 1 s", 5, func(w *worker, retryAfter time.Duration, given bool) time.Duration {
		c := client.Client{Backoff: jitter(client.FullJitter), Rand: w.rnd} // this package's client
		return c.Wait(w.attempt, w.prev, retryAfter, given)
	}},
}

// ANCHOR_END: strategies

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	rdb, err := redisenv.Open(context.Background())
	if err != nil {
		return err
	}
	defer rdb.Close()
	fmt.Fprintf(out, "%d workers of one account, bursts of %d then %d a second, %v round trip; each needs one request through\n",
		workers, batch.Plan.Burst, batch.Plan.Rate, roundTrip)
	fmt.Fprintf(out, "%-28s %5s %9s %8s %10s %10s\n", "strategy", "runs", "requests", "refused", "last done", "mean done")
	runs := 0
	for _, s := range strategies {
		var sum result
		for seed := range s.seeds {
			runs++
			clock := fakeclock.New(time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC))
			limit := &httpapi.Limit{
				Accounts: httpapi.Accounts{"key_batch": batch},
				Guard: &quota.Guard{
					Limiter: quota.NewLimiter(rdb, fmt.Sprintf("storm%d:", runs), clock.Now), Now: clock.Now,
					Timeout: time.Second, Cooldown: time.Second, Remember: time.Second,
				},
			}
			api := httptest.NewServer(limit.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
			r, err := simulate(api.URL, clock, uint64(seed), s.wait)
			api.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			sum.requests += r.requests
			sum.refused += r.refused
			sum.last += r.last
			sum.mean += r.mean
		}
		n := float64(s.seeds)
		fmt.Fprintf(out, "%-28s %5d %9.0f %8.0f %9.1fs %9.1fs\n", s.name, s.seeds,
			float64(sum.requests)/n, float64(sum.refused)/n, sum.last.Seconds()/n, sum.mean.Seconds()/n)
	}
	return nil
}

type result struct {
	requests, refused int
	last, mean        time.Duration
}

// simulate runs every worker's attempts in time order: each is sent at its
// time, answered one round trip later, and the worker's next attempt is
// scheduled after the wait its strategy chooses.
func simulate(url string, clock *fakeclock.Clock, seed uint64, wait func(*worker, time.Duration, bool) time.Duration) (result, error) {
	start := clock.Now()
	queue := &events{}
	ws := make([]worker, workers)
	for i := range ws {
		ws[i].rnd = rand.New(rand.NewPCG(uint64(i), seed))
		heap.Push(queue, event{at: start, worker: i})
	}
	var r result
	var total time.Duration
	for queue.Len() > 0 {
		e := heap.Pop(queue).(event)
		clock.Advance(e.at.Sub(clock.Now()))
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer key_batch")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return r, err
		}
		resp.Body.Close()
		r.requests++
		done := e.at.Add(roundTrip)
		if resp.StatusCode == http.StatusOK {
			r.last = max(r.last, done.Sub(start))
			total += done.Sub(start)
			continue
		}
		r.refused++
		w := &ws[e.worker]
		if w.attempt >= maxAttempt {
			return r, fmt.Errorf("worker %d still refused after %d attempts", e.worker, maxAttempt)
		}
		retryAfter, given := client.RetryAfter(resp.Header, done)
		w.prev = wait(w, retryAfter, given)
		w.attempt++
		heap.Push(queue, event{at: done.Add(w.prev), worker: e.worker})
	}
	r.mean = total / workers
	return r, nil
}

// events is a min-heap by time; ties go to the lower worker number.
type event struct {
	at     time.Time
	worker int
}
type events []event

func (q events) Len() int { return len(q) }
func (q events) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].worker < q[j].worker
}
func (q events) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *events) Push(x any)   { *q = append(*q, x.(event)) }
func (q *events) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}
