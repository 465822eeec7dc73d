// Package quota decides, for a fleet of service instances that share one
// Redis, whether a client may make one more request: a GCRA rate limit and a
// daily quota, checked and spent together by one Lua script.
package quota

import (
	"errors"
	"fmt"
	"time"
)

// ANCHOR: plan
// Plan is what a customer pays for: Rate requests per Per, bursts of up to
// Burst at one instant, and at most Daily requests per UTC calendar day.
type Plan struct {
	Name  string
	Rate  int
	Per   time.Duration
	Burst int
	Daily int
}

// Interval is the time one request's worth of rate takes to come back.
func (p Plan) Interval() time.Duration { return p.Per / time.Duration(p.Rate) }

// Validate rejects plans that admit nothing, or that the RateLimit-Policy
// field cannot state (its window is a whole number of seconds).
func (p Plan) Validate() error {
	var problems []error
	if p.Rate <= 0 || p.Burst <= 0 || p.Daily <= 0 {
		problems = append(problems, fmt.Errorf("rate, burst and daily quota must be positive, got %d, %d and %d", p.Rate, p.Burst, p.Daily))
	}
	if p.Per < time.Second || p.Per%time.Second != 0 {
		problems = append(problems, fmt.Errorf("the window must be whole seconds, got %v", p.Per))
	}
	if p.Rate > 0 && p.Interval()%time.Microsecond != 0 {
		// The script counts in whole microseconds; a rounded interval would
		// quietly change the published rate.
		problems = append(problems, fmt.Errorf("%d per %v is not a whole number of microseconds per request", p.Rate, p.Per))
	}
	if err := errors.Join(problems...); err != nil {
		return fmt.Errorf("plan %q: %w", p.Name, err)
	}
	return nil
}

// ANCHOR_END: plan
