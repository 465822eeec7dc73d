package limit

import (
	"sync"
	"time"
)

// ANCHOR: tokenbucket
// TokenBucket is a token bucket that counts its tokens in time: holding one
// token means holding one interval of credit. Integer nanoseconds keep the
// arithmetic exact, so tests can assert decisions at exact instants.
type TokenBucket struct {
	interval time.Duration
	capacity time.Duration // Burst tokens' worth of credit
	now      func() time.Time

	mu     sync.Mutex
	credit time.Duration
	last   time.Time
}

// NewTokenBucket returns a full bucket. now is the clock: time.Now in
// production, a fake in tests.
func NewTokenBucket(p Policy, now func() time.Time) (*TokenBucket, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	capacity := time.Duration(p.Burst) * p.Interval()
	return &TokenBucket{
		interval: p.Interval(),
		capacity: capacity,
		now:      now,
		credit:   capacity,
		last:     now(),
	}, nil
}

// Allow takes one token if there is one.
func (b *TokenBucket) Allow() Decision {
	now := b.now()
	b.mu.Lock()
	defer b.mu.Unlock()

	// Refill for the time since the last call; a clock that stepped
	// backwards refills nothing rather than draining the bucket.
	if elapsed := now.Sub(b.last); elapsed > 0 {
		b.credit = min(b.capacity, b.credit+min(elapsed, b.capacity))
		b.last = now
	}
	if b.credit < b.interval {
		return decisionFromCredit(false, b.credit, b.interval, b.capacity)
	}
	b.credit -= b.interval
	return decisionFromCredit(true, b.credit, b.interval, b.capacity)
}

// ANCHOR_END: tokenbucket
