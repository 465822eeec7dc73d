// Package loadgen sends a fixed number of GET requests with a fixed number of
// workers and reports the latencies: a bounded load on a local address.
package loadgen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Result is one run of the load.
type Result struct {
	Latencies []time.Duration // sorted
	Elapsed   time.Duration
	Errors    int
}

// ANCHOR: run
// Run sends requests GETs of base+path(i), i = 0..requests-1, from workers
// goroutines that share one keep-alive client, and waits for all of them.
func Run(ctx context.Context, base string, path func(i int) string, workers, requests int) Result {
	client := &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: workers},
	}
	defer client.CloseIdleConnections()
	latencies := make([]time.Duration, requests)
	failed := make([]bool, requests)
	next := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Go(func() {
			for i := range next {
				t := time.Now()
				resp, err := client.Get(base + path(i))
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if err == nil && resp.StatusCode != http.StatusOK {
						err = fmt.Errorf("status %d", resp.StatusCode)
					}
				}
				latencies[i], failed[i] = time.Since(t), err != nil
			}
		})
	}
	for i := range requests {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	result := Result{Latencies: latencies, Elapsed: time.Since(start)}
	for _, f := range failed {
		if f {
			result.Errors++
		}
	}
	slices.Sort(result.Latencies)
	return result
}

// ANCHOR_END: run

// Percentile is the nearest-rank percentile p (0 < p <= 100) of sorted latencies.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(p/100*float64(len(sorted))+0.999999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}
