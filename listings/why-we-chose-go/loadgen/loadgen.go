// Package loadgen is a closed-loop HTTP load generator: a fixed number of
// workers, each sending its next request as soon as the previous answer has
// been read, for a warm-up and then a measured window.
//
// Closed-loop means the load adapts to the server: a slower server gets fewer
// requests, and latency and throughput are tied by Little's law (concurrency =
// throughput × mean latency). It measures capacity at a fixed concurrency, not
// latency at a fixed arrival rate.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Config says what load to send.
type Config struct {
	BaseURL     string   // such as http://127.0.0.1:8080
	Targets     []string // paths with queries, taken in turn by each worker
	Concurrency int      // workers, each with its own keep-alive connection
	WarmUp      time.Duration
	Duration    time.Duration // the measured window, after the warm-up
}

// Result is what one run measured.
type Result struct {
	WarmUpRequests int             // completed during the warm-up, not measured
	Latencies      []time.Duration // of every request started in the window, sorted
	Window         time.Duration
}

// Requests is the number of requests measured.
func (r Result) Requests() int { return len(r.Latencies) }

// Throughput is measured requests per second.
func (r Result) Throughput() float64 { return float64(len(r.Latencies)) / r.Window.Seconds() }

// ANCHOR: percentile
// Percentile is the nearest-rank percentile, with p in tenths of a percent
// (500 is the median, 990 the 99th percentile): the smallest latency that at
// least that share of the measured requests did not exceed. Whole numbers keep
// the rank exact where n*99.9/100 in floating point lands just above 999.
func (r Result) Percentile(tenths int) time.Duration {
	n := len(r.Latencies)
	if n == 0 {
		return 0
	}
	rank := (n*tenths + 999) / 1000 // ceil(n*tenths/1000)
	return r.Latencies[max(rank, 1)-1]
}

// ANCHOR_END: percentile

// NewClient is an HTTP client that keeps one connection per worker open.
func NewClient(concurrency int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConnsPerHost: concurrency,
		MaxConnsPerHost:     concurrency,
		DisableCompression:  true,
	}}
}

// Run sends the load and returns what it measured. Any failed request (an error
// or a status other than 200) stops the run: a benchmark of errors measures nothing.
func Run(ctx context.Context, client *http.Client, cfg Config) (Result, error) {
	if cfg.Concurrency < 1 || len(cfg.Targets) == 0 || cfg.Duration <= 0 {
		return Result{}, errors.New("loadgen: need at least one worker, one target and a positive duration")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	start := time.Now()
	windowStart := start.Add(cfg.WarmUp)
	windowEnd := windowStart.Add(cfg.Duration)

	type tally struct {
		warmUp    int
		latencies []time.Duration
	}
	tallies := make([]tally, cfg.Concurrency)
	var wg sync.WaitGroup
	for w := range cfg.Concurrency {
		wg.Go(func() {
			t := &tallies[w]
			for i := w; ctx.Err() == nil; i++ {
				sent := time.Now()
				if !sent.Before(windowEnd) {
					return
				}
				if err := get(ctx, client, cfg.BaseURL+cfg.Targets[i%len(cfg.Targets)]); err != nil {
					cancel(err)
					return
				}
				if sent.Before(windowStart) {
					t.warmUp++
				} else {
					t.latencies = append(t.latencies, time.Since(sent))
				}
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return Result{}, err
	}

	var r Result
	for _, t := range tallies {
		r.WarmUpRequests += t.warmUp
		r.Latencies = append(r.Latencies, t.latencies...)
	}
	slices.Sort(r.Latencies)
	r.Window = cfg.Duration
	return r, nil
}

func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	// Read the whole body: the answer is part of the work, and the connection is reused.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, resp.StatusCode)
	}
	return nil
}
