package backoff_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/async-job-processing/backoff"
)

var errBusy = errors.New("busy")

// draws returns the given numbers in turn, as Policy.Rand.
func draws(xs ...float64) func() float64 {
	return func() float64 { x := xs[0]; xs = xs[1:]; return x }
}

func TestCeilingDoublesUpToTheCap(t *testing.T) {
	p := backoff.Policy{Base: time.Second, Cap: 5 * time.Minute}
	want := map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 9: 256 * time.Second, 10: 5 * time.Minute, 1000: 5 * time.Minute}
	for attempt, w := range want {
		if got := p.Ceiling(attempt); got != w {
			t.Errorf("Ceiling(%d) = %v, want %v", attempt, got, w)
		}
	}
}

// The bubble's clock moves only when every goroutine in it is blocked, so the test sees the
// exact waits Retry chose, in no real time at all.
func TestRetryWaitsTheDrawnDelays(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := backoff.Policy{Base: time.Second, Cap: time.Minute, Rand: draws(0.5, 0.25, 0.75)}
		var at []time.Duration
		start := time.Now()
		err := backoff.Retry(t.Context(), p, 4, func(error) bool { return true }, func(context.Context) error {
			at = append(at, time.Since(start))
			return errBusy
		})
		if !errors.Is(err, errBusy) {
			t.Fatalf("err = %v, want the last attempt's error", err)
		}
		// Waits of 0.5 x 1 s, 0.25 x 2 s and 0.75 x 4 s.
		want := []time.Duration{0, 500 * time.Millisecond, time.Second, 4 * time.Second}
		if len(at) != len(want) {
			t.Fatalf("attempts at %v, want %v", at, want)
		}
		for i := range want {
			if at[i] != want[i] {
				t.Fatalf("attempts at %v, want %v", at, want)
			}
		}
	})
}

func TestRetryStopsOnAPermanentError(t *testing.T) {
	calls := 0
	err := backoff.Retry(t.Context(), backoff.Policy{Base: time.Hour, Cap: time.Hour, Rand: draws(1)}, 5,
		func(err error) bool { return !errors.Is(err, errBusy) },
		func(context.Context) error { calls++; return errBusy })
	if calls != 1 || !errors.Is(err, errBusy) {
		t.Fatalf("calls = %d, err = %v; want one call", calls, err)
	}
}

func TestRetryGivesUpWhenTheContextEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		p := backoff.Policy{Base: time.Minute, Cap: time.Hour, Rand: draws(0.9, 0.9)}
		start := time.Now()
		err := backoff.Retry(ctx, p, 5, func(error) bool { return true }, func(context.Context) error { return errBusy })
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 10*time.Second {
			t.Fatalf("err = %v after %v; want the deadline after 10s, not the 54s wait", err, time.Since(start))
		}
	})
}
