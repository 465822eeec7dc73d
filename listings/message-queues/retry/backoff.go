// Package retry computes how long to wait before the next attempt.
package retry

import (
	"math/rand/v2"
	"time"
)

// ANCHOR: fulljitter
// FullJitter returns a delay drawn uniformly from [0, min(ceiling, base·2^attempt)), attempt
// counting from 0. Spreading retries over the whole interval keeps the consumers that failed
// together from retrying together.
func FullJitter(r *rand.Rand, attempt int, base, ceiling time.Duration) time.Duration {
	limit := ceiling
	if attempt < 63 && base <= ceiling>>attempt { // base·2^attempt ≤ ceiling, without overflow
		limit = base << attempt
	}
	return time.Duration(r.Int64N(int64(limit)))
}

// ANCHOR_END: fulljitter
