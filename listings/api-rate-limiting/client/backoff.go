// Package client calls a rate-limited API the way the server asks to be
// called: it honours Retry-After in both of its forms, backs off
// exponentially with jitter when the server gives no time, and gives up
// rather than wait longer than its caller can.
package client

import (
	"math/rand/v2"
	"time"
)

// ANCHOR: backoff
// Jitter names the ways of spreading retries that Marc Brooker compared in
// "Exponential Backoff And Jitter" (AWS Architecture Blog, 2015).
type Jitter int

const (
	NoJitter           Jitter = iota // min(cap, base·2^attempt)
	FullJitter                       // uniform in [0, that]
	EqualJitter                      // half of it, plus uniform in [0, the other half]
	DecorrelatedJitter               // min(cap, uniform in [base, 3·previous wait])
)

type Backoff struct {
	Base, Cap time.Duration
	Jitter    Jitter
}

// Delay is the wait before retry number attempt (0 for the first retry);
// prev is the wait before the previous one, which only decorrelated jitter uses.
func (b Backoff) Delay(attempt int, prev time.Duration, rnd *rand.Rand) time.Duration {
	ceiling := b.Base
	for range attempt {
		if ceiling >= b.Cap/2 {
			ceiling = b.Cap
			break
		}
		ceiling *= 2
	}
	ceiling = min(ceiling, b.Cap)
	switch b.Jitter {
	case FullJitter:
		return uniform(rnd, 0, ceiling)
	case EqualJitter:
		return ceiling/2 + uniform(rnd, 0, ceiling-ceiling/2)
	case DecorrelatedJitter:
		return min(b.Cap, uniform(rnd, b.Base, max(b.Base, 3*prev)))
	default:
		return ceiling
	}
}

// uniform draws from [lo, hi]; a nil source is the package's.
func uniform(rnd *rand.Rand, lo, hi time.Duration) time.Duration {
	if rnd == nil {
		return lo + time.Duration(rand.Int64N(int64(hi-lo)+1))
	}
	return lo + time.Duration(rnd.Int64N(int64(hi-lo)+1))
}

// ANCHOR_END: backoff
