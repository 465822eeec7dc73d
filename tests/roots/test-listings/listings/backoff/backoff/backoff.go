// Package backoff spaces out retries: each delay doubles the one before, up to a limit.
package backoff

import (
	"context"
	"time"
)

// ANCHOR: delay
// Delay is how long to wait after failed attempt number attempt (0 for the first):
// base doubled attempt times, but never more than limit.
func Delay(base, limit time.Duration, attempt int) time.Duration {
	delay := base
	for range attempt {
		if delay >= limit/2 { // doubling would pass the limit (or overflow)
			return limit
		}
		delay *= 2
	}
	return min(delay, limit)
}

// ANCHOR_END: delay

// ANCHOR: retry
// Retry calls op until it succeeds or has failed attempts times, waiting
// Delay(base, limit, n) after failure n. It returns op's last error, or the
// context's cause if ctx ends while waiting.
func Retry(ctx context.Context, attempts int, base, limit time.Duration, op func() error) error {
	var err error
	for n := range attempts {
		if err = op(); err == nil || n == attempts-1 {
			return err
		}
		timer := time.NewTimer(Delay(base, limit, n))
		select {
		case <-ctx.Done():
			timer.Stop()
			return context.Cause(ctx)
		case <-timer.C:
		}
	}
	return err
}

// ANCHOR_END: retry
