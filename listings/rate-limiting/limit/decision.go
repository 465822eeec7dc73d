// Package limit holds the rate limiters of the chapter "Rate Limiting: The
// Boring Feature That Saves You at 3 AM": a token bucket, GCRA, a keyed GCRA
// store with bounded memory, and three window counters to compare them with.
package limit

import (
	"errors"
	"fmt"
	"time"
)

// ANCHOR: policy
// Policy is "Limit requests per Per, with bursts of up to Burst".
type Policy struct {
	Limit int
	Per   time.Duration
	Burst int
}

// Interval is the time it takes to earn one token back. Integer division
// truncates at most one nanosecond per token: the limiter errs generous.
func (p Policy) Interval() time.Duration { return p.Per / time.Duration(p.Limit) }

// Validate rejects policies that would admit nothing or divide by zero.
func (p Policy) Validate() error {
	var problems []error
	if p.Limit <= 0 {
		problems = append(problems, fmt.Errorf("Limit must be positive, got %d", p.Limit))
	}
	if p.Per <= 0 {
		problems = append(problems, fmt.Errorf("Per must be positive, got %v", p.Per))
	}
	if p.Burst <= 0 {
		// Burst 0 does not mean "no bursting": it means no request ever fits.
		problems = append(problems, fmt.Errorf("Burst must be at least 1, got %d", p.Burst))
	}
	if p.Limit > 0 && p.Per > 0 && p.Interval() == 0 {
		problems = append(problems, fmt.Errorf("%d per %v is finer than one nanosecond per token", p.Limit, p.Per))
	}
	return errors.Join(problems...)
}

// ANCHOR_END: policy

// ANCHOR: decision
// Decision is what a limiter answers for one request.
type Decision struct {
	Allowed bool
	// Remaining is how many more requests would be admitted right now.
	Remaining int
	// NextToken is how long until Remaining grows by one: the Retry-After
	// of a denied request. Zero when the bucket is full.
	NextToken time.Duration
}

// decisionFromCredit derives a Decision from the credit a bucket holds,
// measured in time: one token is worth one interval of credit.
func decisionFromCredit(allowed bool, credit, interval, capacity time.Duration) Decision {
	d := Decision{Allowed: allowed, Remaining: int(credit / interval)}
	if credit < capacity {
		d.NextToken = interval - credit%interval
	}
	return d
}

// ANCHOR_END: decision
