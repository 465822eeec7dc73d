// Package backoff computes retry delays: exponential growth, a cap, and full jitter.
package backoff

import (
	"context"
	"time"
)

// ANCHOR: policy
// Policy is exponential backoff with full jitter. Rand returns a number in [0, 1); it is
// injected so that tests and examples are deterministic.
type Policy struct {
	Base, Cap time.Duration
	Rand      func() float64
}

// Ceiling is the largest delay after the given failed attempt (1, 2, ...): Base doubled
// attempt-1 times, never more than Cap.
func (p Policy) Ceiling(attempt int) time.Duration {
	c := p.Base
	for i := 1; i < attempt && c < p.Cap; i++ {
		c *= 2
	}
	return min(c, p.Cap)
}

// Delay draws the wait after the given failed attempt uniformly from [0, Ceiling).
func (p Policy) Delay(attempt int) time.Duration {
	return time.Duration(p.Rand() * float64(p.Ceiling(attempt)))
}

// ANCHOR_END: policy

// ANCHOR: retry
// Retry calls fn up to attempts times while retryable says its error is worth another try,
// waiting Delay between tries. It gives up at once when ctx ends.
func Retry(ctx context.Context, p Policy, attempts int, retryable func(error) bool, fn func(context.Context) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		if err = fn(ctx); err == nil || !retryable(err) || attempt == attempts {
			return err
		}
		t := time.NewTimer(p.Delay(attempt))
		select {
		case <-ctx.Done():
			t.Stop()
			return context.Cause(ctx)
		case <-t.C:
		}
	}
}

// ANCHOR_END: retry
