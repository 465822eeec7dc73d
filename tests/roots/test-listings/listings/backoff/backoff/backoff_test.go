package backoff_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/backoff/backoff"
)

// ANCHOR: example
func ExampleDelay() {
	for attempt := range 6 {
		fmt.Println(attempt, backoff.Delay(100*time.Millisecond, time.Second, attempt))
	}
	// Output:
	// 0 100ms
	// 1 200ms
	// 2 400ms
	// 3 800ms
	// 4 1s
	// 5 1s
}

// ANCHOR_END: example

func TestRetryWaitsBetweenAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		failure := errors.New("unavailable")
		calls := 0
		start := time.Now()
		err := backoff.Retry(context.Background(), 4, 100*time.Millisecond, time.Second, func() error {
			calls++
			return failure
		})
		if !errors.Is(err, failure) {
			t.Fatalf("Retry returned %v, want the last error %v", err, failure)
		}
		if calls != 4 {
			t.Fatalf("op called %d times, want 4", calls)
		}
		// Waits after failures 0, 1 and 2 (not after the last): 100 + 200 + 400 ms of fake time.
		if elapsed := time.Since(start); elapsed != 700*time.Millisecond {
			t.Fatalf("Retry took %v, want 700ms", elapsed)
		}
	})
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		stop := errors.New("shutting down")
		ctx, cancel := context.WithCancelCause(context.Background())
		time.AfterFunc(150*time.Millisecond, func() { cancel(stop) })
		err := backoff.Retry(ctx, 10, 100*time.Millisecond, time.Second, func() error { return errors.New("unavailable") })
		if !errors.Is(err, stop) {
			t.Fatalf("Retry returned %v, want the context's cause %v", err, stop)
		}
	})
}

func BenchmarkDelay(b *testing.B) {
	for b.Loop() {
		backoff.Delay(time.Millisecond, time.Minute, 40)
	}
}
