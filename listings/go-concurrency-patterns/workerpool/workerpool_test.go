package workerpool_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/go-concurrency-patterns/workerpool"
)

// inFlight records how many handlers run at once and the highest value seen.
type inFlight struct{ now, peak atomic.Int64 }

func (f *inFlight) enter() {
	n := f.now.Add(1)
	for {
		peak := f.peak.Load()
		if n <= peak || f.peak.CompareAndSwap(peak, n) {
			return
		}
	}
}

func (f *inFlight) leave() { f.now.Add(-1) }

func feed(n int) <-chan int {
	jobs := make(chan int, n)
	for i := range n {
		jobs <- i
	}
	close(jobs)
	return jobs
}

func TestProcessNeverExceedsWorkers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const workers, jobCount = 4, 50
		var running inFlight
		var handled atomic.Int64
		err := workerpool.Process(t.Context(), workers, feed(jobCount), func(ctx context.Context, job int) {
			running.enter()
			defer running.leave()
			time.Sleep(10 * time.Millisecond) // fake clock: every worker is busy at once
			handled.Add(1)
		})
		if err != nil {
			t.Fatalf("Process returned %v, want nil after the jobs channel is drained", err)
		}
		if got := running.peak.Load(); got != workers {
			t.Errorf("peak concurrent handlers = %d, want exactly %d", got, workers)
		}
		if got := handled.Load(); got != jobCount {
			t.Errorf("handled %d jobs, want %d", got, jobCount)
		}
	})
}

func TestProcessStopsOnCancelAndLeavesTheRest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errShutdown := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(t.Context())
		const workers, jobCount = 2, 100
		jobs := feed(jobCount)
		var handled atomic.Int64
		go func() {
			time.Sleep(25 * time.Millisecond)
			cancel(errShutdown)
		}()
		err := workerpool.Process(ctx, workers, jobs, func(ctx context.Context, job int) {
			time.Sleep(10 * time.Millisecond)
			handled.Add(1)
		})
		if !errors.Is(err, errShutdown) {
			t.Fatalf("Process returned %v, want the cancellation cause %v", err, errShutdown)
		}
		// Two workers, 10 ms per job, canceled at 25 ms: rounds end at 10, 20
		// and 30 ms, so each worker finished three jobs and took no fourth.
		if got := handled.Load(); got != 3*workers {
			t.Errorf("handled %d jobs before stopping, want %d", got, 3*workers)
		}
		if got := len(jobs); got != jobCount-3*workers {
			t.Errorf("%d jobs left in the channel, want %d", got, jobCount-3*workers)
		}
	})
}
