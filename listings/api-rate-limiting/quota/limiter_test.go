package quota_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

// The post's date, 09:00 UTC: fifteen hours before the daily quota resets.
var start = time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC)

// Five per second with bursts of ten: one request's worth comes back every 200 ms.
var plan = quota.Plan{Name: "test", Rate: 5, Per: time.Second, Burst: 10, Daily: 1000}

func decide(t *testing.T, l *quota.Limiter, client string, p quota.Plan) quota.Decision {
	t.Helper()
	d, err := l.Decide(context.Background(), client, p)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBurstThenRate(t *testing.T) {
	clock := fakeclock.New(start)
	l := quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now)

	for i := range 10 {
		d := decide(t, l, "acct", plan)
		if !d.Allowed() || d.RateRemaining != 9-i {
			t.Fatalf("request %d of the burst: %+v, want allowed with %d remaining", i+1, d, 9-i)
		}
	}
	for range 2 { // a refusal changes nothing, so the second one reads the same
		d := decide(t, l, "acct", plan)
		if d.Allowed() || d.RateOK || !d.QuotaOK || d.RetryAfter() != 200*time.Millisecond {
			t.Fatalf("11th request: %+v, want refused by the rate, retry after 200ms", d)
		}
		if d.QuotaRemaining != 990 {
			t.Fatalf("a refused request spent quota: %d left, want 990", d.QuotaRemaining)
		}
	}
	clock.Advance(150 * time.Millisecond)
	if d := decide(t, l, "acct", plan); d.Allowed() || d.NextToken != 50*time.Millisecond {
		t.Fatalf("150ms later: %+v, want refused, next token in 50ms", d)
	}
	clock.Advance(50 * time.Millisecond)
	if d := decide(t, l, "acct", plan); !d.Allowed() || d.RateRemaining != 0 || d.NextToken != 200*time.Millisecond {
		t.Fatalf("200ms later: %+v, want allowed, bucket empty again", d)
	}
	clock.Advance(time.Hour)
	if d := decide(t, l, "acct", plan); !d.Allowed() || d.RateRemaining != 9 || d.QuotaRemaining != 988 {
		t.Fatalf("an hour later: %+v, want a full bucket less one, 988 left today", d)
	}
}

func TestDailyQuota(t *testing.T) {
	clock := fakeclock.New(start)
	l := quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now)
	small := plan
	small.Daily = 3

	for range 3 {
		if d := decide(t, l, "acct", small); !d.Allowed() {
			t.Fatalf("within the daily quota: %+v", d)
		}
		clock.Advance(time.Minute)
	}
	d := decide(t, l, "acct", small)
	wantReset := 15*time.Hour - 3*time.Minute // from 09:03 to midnight
	if d.Allowed() || !d.RateOK || d.QuotaOK || d.QuotaRemaining != 0 || d.RetryAfter() != wantReset {
		t.Fatalf("4th request today: %+v, want refused by the quota until midnight (%v)", d, wantReset)
	}
	if d.RateRemaining != 10 {
		t.Fatalf("a request refused by the quota spent rate: %d remaining, want a full bucket of 10", d.RateRemaining)
	}
	clock.Advance(wantReset)
	if d := decide(t, l, "acct", small); !d.Allowed() || d.QuotaRemaining != 2 || d.QuotaReset != 24*time.Hour {
		t.Fatalf("at midnight: %+v, want a new day's quota", d)
	}
}

func TestClientsAreSeparate(t *testing.T) {
	clock := fakeclock.New(start)
	l := quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now)
	for range 10 {
		decide(t, l, "a", plan)
	}
	if d := decide(t, l, "b", plan); !d.Allowed() || d.RateRemaining != 9 {
		t.Fatalf("client b after client a spent its burst: %+v", d)
	}
}

// A plan lowered below what a client already owes: nothing is admitted and
// the wait counts from the debt, not from one interval.
func TestLoweredPlan(t *testing.T) {
	clock := fakeclock.New(start)
	l := quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), clock.Now)
	for range 10 {
		decide(t, l, "acct", plan)
	}
	lower := plan
	lower.Burst = 4 // the TAT is 2s ahead; a burst of 4 allows 800ms
	d := decide(t, l, "acct", lower)
	if d.Allowed() || d.RateRemaining != 0 || d.NextToken != 1400*time.Millisecond {
		t.Fatalf("after lowering the burst: %+v, want refused for 1.4s", d)
	}
}

// The production path: no clock from the caller, the script reads Redis's.
func TestServerClock(t *testing.T) {
	l := quota.NewLimiter(redisenv.ForTest(t), redisenv.Prefix(t), nil)
	perMinute := quota.Plan{Name: "slow", Rate: 1, Per: time.Minute, Burst: 3, Daily: 100}
	for i := range 3 {
		if d := decide(t, l, "acct", perMinute); !d.Allowed() {
			t.Fatalf("request %d of the burst refused: %+v", i+1, d)
		}
	}
	d := decide(t, l, "acct", perMinute)
	if d.Allowed() || d.NextToken <= 59*time.Second || d.NextToken > time.Minute {
		t.Fatalf("4th request: %+v, want refused for just under a minute", d)
	}
	if d.QuotaReset <= 0 || d.QuotaReset > 24*time.Hour {
		t.Fatalf("quota reset %v is not within a day", d.QuotaReset)
	}
}

// ANCHOR: concurrent
// Eight instances, each with its own connections, send 25 requests each at
// one instant: the script admits exactly the burst, whatever the interleaving.
func TestInstancesShareOneLimit(t *testing.T) {
	url := redisenv.ForTest(t).Options()
	prefix := redisenv.Prefix(t)
	clock := fakeclock.New(start)
	perMinute := quota.Plan{Name: "slow", Rate: 1, Per: time.Minute, Burst: 20, Daily: 1000}

	var instances sync.WaitGroup
	var mu sync.Mutex
	counts := map[bool]int{}
	for range 8 {
		rdb := redis.NewClient(url)
		defer rdb.Close()
		l := quota.NewLimiter(rdb, prefix, clock.Now)
		instances.Go(func() {
			for range 25 {
				d, err := l.Decide(context.Background(), "acct", perMinute)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				counts[d.Allowed()]++
				mu.Unlock()
			}
		})
	}
	instances.Wait()
	if counts[true] != 20 || counts[false] != 180 {
		t.Fatalf("admitted %d and refused %d of 200, want exactly the burst of 20 admitted", counts[true], counts[false])
	}
}

// ANCHOR_END: concurrent

func TestPlanValidate(t *testing.T) {
	for _, bad := range []quota.Plan{
		{Name: "no rate", Rate: 0, Per: time.Second, Burst: 1, Daily: 1},
		{Name: "no burst", Rate: 1, Per: time.Second, Burst: 0, Daily: 1},
		{Name: "no quota", Rate: 1, Per: time.Second, Burst: 1, Daily: 0},
		{Name: "fractional window", Rate: 1, Per: 1500 * time.Millisecond, Burst: 1, Daily: 1},
		{Name: "3 per second", Rate: 3, Per: time.Second, Burst: 1, Daily: 1},
	} {
		if bad.Validate() == nil {
			t.Errorf("plan %q validated", bad.Name)
		}
	}
	if err := plan.Validate(); err != nil {
		t.Error(err)
	}
}
