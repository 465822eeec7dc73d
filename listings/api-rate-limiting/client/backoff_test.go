package client_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/client"
)

func TestNoJitterDoublesToTheCap(t *testing.T) {
	b := client.Backoff{Base: 100 * time.Millisecond, Cap: time.Second, Jitter: client.NoJitter}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for attempt, w := range want {
		if got := b.Delay(attempt, 0, nil); got != w*time.Millisecond {
			t.Errorf("attempt %d: %v, want %v", attempt, got, w*time.Millisecond)
		}
	}
	if got := b.Delay(200, 0, nil); got != time.Second {
		t.Errorf("attempt 200: %v, want the cap (no overflow)", got)
	}
}

// Each kind stays in its range, and actually spreads within it.
func TestJitterRanges(t *testing.T) {
	base, limit := 100*time.Millisecond, 10*time.Second
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		name   string
		jitter client.Jitter
		lo, hi time.Duration // for attempt 3, ceiling 800ms; decorrelated after a 500ms wait
	}{
		{"full", client.FullJitter, 0, 800 * time.Millisecond},
		{"equal", client.EqualJitter, 400 * time.Millisecond, 800 * time.Millisecond},
		{"decorrelated", client.DecorrelatedJitter, base, 1500 * time.Millisecond},
	} {
		b := client.Backoff{Base: base, Cap: limit, Jitter: c.jitter}
		least, most := limit, time.Duration(0)
		for range 2000 {
			d := b.Delay(3, 500*time.Millisecond, rnd)
			least, most = min(least, d), max(most, d)
		}
		span := c.hi - c.lo
		if least < c.lo || most > c.hi || least > c.lo+span/20 || most < c.hi-span/20 {
			t.Errorf("%s jitter: drew from [%v, %v], want all of [%v, %v]", c.name, least, most, c.lo, c.hi)
		}
	}
}
