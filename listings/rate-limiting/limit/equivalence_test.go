package limit

import (
	"math/rand/v2"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// ANCHOR: equivalence
// TestBucketsAgree drives three limiters with the same arrivals: the token
// bucket above, GCRA, and golang.org/x/time/rate. Arrivals fall on a grid of
// 1/512 s and tokens come every 1/8 s, so rate.Limiter's float64 arithmetic
// is exact and any disagreement is a difference of algorithm, not rounding.
func TestBucketsAgree(t *testing.T) {
	policy := Policy{Limit: 8, Per: time.Second, Burst: 3}
	const tick = time.Second / 512

	clock := newFakeClock()
	bucket, err := NewTokenBucket(policy, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	library := rate.NewLimiter(rate.Every(policy.Interval()), policy.Burst)
	var tat time.Time
	random := rand.New(rand.NewPCG(2021, 10))

	allowed := 0
	for i := range 20_000 {
		if random.IntN(3) > 0 { // two arrivals in three come after a gap
			clock.Advance(time.Duration(random.IntN(128)) * tick)
		}
		now := clock.Now()

		fromBucket := bucket.Allow()
		var fromGCRA Decision
		tat, fromGCRA = DecideGCRA(policy, tat, now)
		fromLibrary := library.AllowN(now, 1)

		if fromBucket != fromGCRA || fromBucket.Allowed != fromLibrary {
			t.Fatalf("arrival %d at %v: token bucket %+v, GCRA %+v, x/time/rate allowed=%v",
				i, now, fromBucket, fromGCRA, fromLibrary)
		}
		if fromBucket.Allowed {
			allowed++
		}
	}
	// The comparison means something only if both outcomes occurred often.
	if allowed < 5_000 || allowed > 15_000 {
		t.Fatalf("%d of 20000 allowed: the arrivals do not exercise both outcomes", allowed)
	}
}

// ANCHOR_END: equivalence
