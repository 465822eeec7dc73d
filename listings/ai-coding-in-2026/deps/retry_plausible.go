//go:build plausible

package deps

import (
	"context"
	"time"

	"example.com/pgxretry"
)

// ANCHOR: plausible
// withRetry runs op until it succeeds, at most five times, backing off between attempts.
func withRetry(ctx context.Context, op func(context.Context) error) error {
	return pgxretry.Do(ctx, op, pgxretry.Attempts(5), pgxretry.Backoff(100*time.Millisecond))
}

// ANCHOR_END: plausible
