package quota

import (
	"context"
	"sync"
	"time"
)

// Source says where a decision came from.
type Source string

const (
	FromStore      Source = "redis"
	FromRemembered Source = "remembered refusal"
	FromOpen       Source = "store down: admitted (fail open)"
	FromClosed     Source = "store down: refused (fail closed)"
	FromLocal      Source = "store down: local limit"
)

// Mode is what the guard does while the store cannot answer.
type Mode int

const (
	FailOpen    Mode = iota // admit every request
	FailClosed              // refuse every request: the caller answers 503
	FailToLocal             // limit in this process, at the instance's share of the plan
)

// ANCHOR: guard
// Guard stands in front of the shared store. It remembers refusals, so a
// client hammering past its limit costs no round trip until its wait is
// over; it bounds each call to the store; and when the store fails it stops
// asking for Cooldown and decides by Mode instead.
type Guard struct {
	Limiter  *Limiter
	Mode     Mode
	Local    *Local        // for FailToLocal
	Timeout  time.Duration // per store call; needs the client's ContextTimeoutEnabled
	Cooldown time.Duration // how long to skip the store after it failed
	Remember time.Duration // the longest a refusal is reused (plan changes show up after it)
	Now      func() time.Time

	mu        sync.Mutex
	refusals  map[string]refusal
	downUntil time.Time
	failures  int
}

type refusal struct {
	d         Decision
	at, until time.Time
}

const maxRemembered = 100_000

func (g *Guard) Decide(ctx context.Context, client string, p Plan) (Decision, Source) {
	now := g.Now()
	g.mu.Lock()
	r, remembered := g.refusals[client]
	down := now.Before(g.downUntil)
	g.mu.Unlock()

	if remembered && now.Before(r.until) {
		// Other instances can only push the client's TAT later, so a refusal
		// stays true until its wait is over.
		elapsed := now.Sub(r.at)
		d := r.d
		d.NextToken -= elapsed
		d.QuotaReset -= elapsed
		return d, FromRemembered
	}
	if !down {
		d, err := g.ask(ctx, client, p)
		if err == nil {
			if !d.Allowed() {
				g.remember(client, d, now)
			}
			return d, FromStore
		}
		g.mu.Lock()
		g.failures++
		g.downUntil = now.Add(g.Cooldown)
		g.mu.Unlock()
	}
	switch g.Mode {
	case FailClosed:
		return Decision{QuotaOK: true, NextToken: g.Cooldown}, FromClosed
	case FailToLocal:
		return g.Local.Decide(client, p, now), FromLocal
	default:
		return Decision{RateOK: true, QuotaOK: true}, FromOpen
	}
}

func (g *Guard) ask(ctx context.Context, client string, p Plan) (Decision, error) {
	if g.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.Timeout)
		defer cancel()
	}
	return g.Limiter.Decide(ctx, client, p)
}

// Failures counts the store calls that failed: a metric to alert on.
func (g *Guard) Failures() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.failures
}

func (g *Guard) remember(client string, d Decision, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refusals == nil {
		g.refusals = map[string]refusal{}
	}
	if len(g.refusals) >= maxRemembered {
		for c, r := range g.refusals {
			if !now.Before(r.until) {
				delete(g.refusals, c)
			}
		}
		if len(g.refusals) >= maxRemembered {
			return // still full: this refusal simply costs a round trip next time
		}
	}
	g.refusals[client] = refusal{d: d, at: now, until: now.Add(min(d.RetryAfter(), g.Remember))}
}

// ANCHOR_END: guard
