package quota_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/ownredis"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

// evalCounter counts the script calls that reach Redis.
type evalCounter struct{ n atomic.Int32 }

func (c *evalCounter) DialHook(next redis.DialHook) redis.DialHook { return next }
func (c *evalCounter) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
func (c *evalCounter) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if name := cmd.Name(); name == "evalsha" || name == "eval" {
			c.n.Add(1)
		}
		return next(ctx, cmd)
	}
}

func TestRememberedRefusalsSkipTheStore(t *testing.T) {
	clock := fakeclock.New(start)
	rdb := redis.NewClient(redisenv.ForTest(t).Options())
	defer rdb.Close()
	calls := &evalCounter{}
	rdb.AddHook(calls)
	g := &quota.Guard{Limiter: quota.NewLimiter(rdb, redisenv.Prefix(t), clock.Now), Now: clock.Now,
		Timeout: time.Second, Cooldown: time.Second, Remember: time.Second}

	for range 11 { // the burst of 10, then the refusal that gets remembered
		g.Decide(context.Background(), "acct", plan)
	}
	for range 50 {
		clock.Advance(time.Millisecond)
		d, source := g.Decide(context.Background(), "acct", plan)
		if source != quota.FromRemembered || d.Allowed() {
			t.Fatalf("during the wait: %v from %s, want a remembered refusal", d, source)
		}
	}
	if calls.n.Load() != 11 {
		t.Fatalf("%d script calls, want 11: the 50 refusals during the wait cost none", calls.n.Load())
	}
	// The wait was 200ms; 50ms have passed.
	if d, _ := g.Decide(context.Background(), "acct", plan); d.NextToken != 150*time.Millisecond {
		t.Fatalf("a remembered refusal says %v, want the 150ms still to wait", d.NextToken)
	}
	clock.Advance(150 * time.Millisecond)
	if d, source := g.Decide(context.Background(), "acct", plan); source != quota.FromStore || !d.Allowed() {
		t.Fatalf("after the wait: %+v from %s, want admitted by the store", d, source)
	}
}

// ANCHOR: outage
// The store dies mid-run, and each guard does what its mode says; when a new,
// empty store comes up, every client's debt and daily count are gone.
func TestStoreOutage(t *testing.T) {
	server, err := ownredis.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	clock := fakeclock.New(start)
	guard := func(mode quota.Mode) *quota.Guard {
		opt := server.Options()
		opt.ContextTimeoutEnabled = true // let the guard's Timeout bound each call
		opt.MaxRetries = -1              // the guard has a fallback; retrying only adds latency
		rdb := redis.NewClient(opt)
		t.Cleanup(func() { rdb.Close() })
		return &quota.Guard{Limiter: quota.NewLimiter(rdb, fmt.Sprintf("mode%d:", mode), clock.Now), Mode: mode,
			Local: quota.NewLocal(100, 3), Now: clock.Now,
			Timeout: 50 * time.Millisecond, Cooldown: time.Second, Remember: time.Second}
	}
	open, closed, local := guard(quota.FailOpen), guard(quota.FailClosed), guard(quota.FailToLocal)
	for _, g := range []*quota.Guard{open, closed, local} {
		for range 4 {
			if d, source := g.Decide(context.Background(), "acct", plan); source != quota.FromStore || !d.Allowed() {
				t.Fatalf("before the outage: %+v from %s", d, source)
			}
		}
	}

	server.Kill()
	for i := range 3 {
		if d, source := open.Decide(context.Background(), "acct", plan); source != quota.FromOpen || !d.Allowed() {
			t.Fatalf("fail open, request %d: %+v from %s", i, d, source)
		}
		if d, source := closed.Decide(context.Background(), "acct", plan); source != quota.FromClosed || d.Allowed() || d.RetryAfter() != time.Second {
			t.Fatalf("fail closed, request %d: %+v from %s", i, d, source)
		}
		// A third of a burst of 10 is 3 per instance.
		d, source := local.Decide(context.Background(), "acct", plan)
		if source != quota.FromLocal || d.Allowed() != (i < 3) {
			t.Fatalf("fail to local, request %d: %+v from %s", i, d, source)
		}
	}
	for _, g := range []*quota.Guard{open, closed, local} {
		if g.Failures() != 1 {
			t.Fatalf("%d failed store calls, want 1: the cooldown skips the store", g.Failures())
		}
	}

	if err := server.Restart(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second) // past the cooldown
	d, source := open.Decide(context.Background(), "acct", plan)
	if source != quota.FromStore || d.RateRemaining != 9 || d.QuotaRemaining != 999 {
		t.Fatalf("after the restart: %+v from %s, want a full bucket and a full day: the debt is forgotten", d, source)
	}
}

// ANCHOR_END: outage

// A frozen store answers nothing: the guard's timeout ends the call, if the
// client lets the context's deadline reach the socket.
func TestFrozenStore(t *testing.T) {
	server, err := ownredis.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	opt := server.Options()
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = -1
	rdb := redis.NewClient(opt)
	defer rdb.Close()
	clock := fakeclock.New(start)
	g := &quota.Guard{Limiter: quota.NewLimiter(rdb, "rl:", clock.Now), Now: clock.Now,
		Timeout: 50 * time.Millisecond, Cooldown: time.Second, Remember: time.Second}
	if _, source := g.Decide(context.Background(), "acct", plan); source != quota.FromStore {
		t.Fatalf("before: from %s", source)
	}
	server.Pause()
	defer server.Resume()
	if d, source := g.Decide(context.Background(), "acct", plan); source != quota.FromOpen || !d.Allowed() || g.Failures() != 1 {
		t.Fatalf("frozen: %+v from %s, %d failures", d, source, g.Failures())
	}
}
