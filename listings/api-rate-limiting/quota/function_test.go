package quota_test

import (
	"context"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

// The function library runs the script's own source: the same requests get
// the same decisions through FCALL as through EVALSHA.
func TestFunctionMatchesScript(t *testing.T) {
	rdb := redisenv.ForTest(t)
	ctx := context.Background()
	if err := rdb.FunctionLoadReplace(ctx, quota.Library()).Err(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.FunctionDelete(ctx, "playbook_quota") })
	clock := fakeclock.New(start)
	prefix := redisenv.Prefix(t)
	byScript := quota.NewLimiter(rdb, prefix+"script:", clock.Now)
	byFunction := quota.NewLimiter(rdb, prefix+"function:", clock.Now)
	small := plan
	small.Daily = 20
	var byRate, byQuota int
	for i := range 60 {
		s, err := byScript.Decide(ctx, "acct", small)
		if err != nil {
			t.Fatal(err)
		}
		f, err := byFunction.DecideByFunction(ctx, "acct", small)
		if err != nil {
			t.Fatal(err)
		}
		if s != f {
			t.Fatalf("request %d: script %+v, function %+v", i, s, f)
		}
		if !s.RateOK {
			byRate++
		} else if !s.QuotaOK {
			byQuota++
		}
		clock.Advance(50 * time.Millisecond)
	}
	if byRate == 0 || byQuota == 0 {
		t.Fatalf("%d refusals by rate and %d by quota: the sequence must exercise both", byRate, byQuota)
	}
}
