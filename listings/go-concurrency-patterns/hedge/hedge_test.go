package hedge_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/go-concurrency-patterns/hedge"
)

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // a synctest bubble's clock starts here

// replica answers after latency unless its context ends first; abandoned
// counts the replicas that were told to stop.
func replica(name string, latency time.Duration, abandoned *atomic.Int64) hedge.Replica {
	return func(ctx context.Context, query string) (string, error) {
		select {
		case <-time.After(latency):
			return name + ":" + query, nil
		case <-ctx.Done():
			abandoned.Add(1)
			return "", ctx.Err()
		}
	}
}

func TestFirstKeepsTheFastestAndStopsTheOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var abandoned atomic.Int64
		answer, err := hedge.First(t.Context(), "sku-42",
			replica("eu-1", 80*time.Millisecond, &abandoned),
			replica("eu-2", 15*time.Millisecond, &abandoned),
			replica("eu-3", 300*time.Millisecond, &abandoned))
		if err != nil || answer != "eu-2:sku-42" {
			t.Fatalf("First = %q, %v; want the fastest replica's answer", answer, err)
		}
		if took := time.Since(epoch); took != 15*time.Millisecond {
			t.Errorf("First returned after %v, want 15ms (the fastest replica's latency)", took)
		}
		synctest.Wait() // let the losers observe the cancellation
		if got := abandoned.Load(); got != 2 {
			t.Errorf("%d replicas were told to stop, want 2", got)
		}
		// Returning from this function with goroutines still blocked would
		// make synctest.Test fail: First leaks nothing.
	})
}

func TestFirstSkipsFailuresAndJoinsThemWhenAllFail(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errDown := errors.New("connection refused")
		down := func(ctx context.Context, query string) (string, error) { return "", errDown }
		var abandoned atomic.Int64
		answer, err := hedge.First(t.Context(), "sku-1", down, replica("eu-2", 40*time.Millisecond, &abandoned))
		if err != nil || answer != "eu-2:sku-1" {
			t.Fatalf("First = %q, %v; a failed replica must not win", answer, err)
		}
		_, err = hedge.First(t.Context(), "sku-1", down, down)
		if !errors.Is(err, errDown) || err.Error() != "connection refused\nconnection refused" {
			t.Fatalf("error = %q, want both replicas' errors", err)
		}
	})
}
