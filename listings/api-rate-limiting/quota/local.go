package quota

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Local limits each client inside one process with golang.org/x/time/rate:
// no round trip, and no idea what the other instances admitted. Each
// instance gets 1/Share of the plan's rate and burst.
type Local struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
	max      int
	share    int
}

func NewLocal(maxClients, share int) *Local {
	return &Local{limiters: map[string]*rate.Limiter{}, max: maxClients, share: share}
}

func (l *Local) Decide(client string, p Plan, now time.Time) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	burst := max(1, p.Burst/l.share)
	lim, ok := l.limiters[client]
	if !ok {
		if len(l.limiters) >= l.max {
			l.forgetFull(now)
		}
		lim = rate.NewLimiter(rate.Limit(float64(p.Rate)/p.Per.Seconds()/float64(l.share)), burst)
		l.limiters[client] = lim
	}
	allowed := lim.AllowN(now, 1)
	tokens := lim.TokensAt(now)
	// The daily quota lives only in the shared store: Local admits by rate alone.
	d := Decision{RateOK: allowed, QuotaOK: true, RateRemaining: int(tokens)}
	if tokens < float64(burst) {
		d.NextToken = time.Duration((math.Floor(tokens) + 1 - tokens) / float64(lim.Limit()) * float64(time.Second))
	}
	return d
}

// forgetFull drops clients whose bucket is full again: forgetting them
// changes no decision. If none is full, the map grows past max (the 2021
// post's keyed store bounds memory properly).
func (l *Local) forgetFull(now time.Time) {
	for client, lim := range l.limiters {
		if lim.TokensAt(now) >= float64(lim.Burst()) {
			delete(l.limiters, client)
		}
	}
}
