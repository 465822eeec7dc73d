package quota_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

// ANCHOR: bench
// A plan no benchmark exhausts: every decision admits, and is written.
var roomy = quota.Plan{Name: "roomy", Rate: 1_000_000, Per: time.Second, Burst: 1_000_000, Daily: 1 << 40}

// In process: golang.org/x/time/rate behind a map and a mutex.
func BenchmarkLocal(b *testing.B) {
	l := quota.NewLocal(10_000, 1)
	for b.Loop() {
		l.Decide("acct", roomy, time.Now())
	}
}

// The round trip alone: PING, which Redis answers without work.
func BenchmarkPing(b *testing.B) {
	rdb := redisenv.ForTest(b)
	ctx := context.Background()
	for b.Loop() {
		if err := rdb.Ping(ctx).Err(); err != nil {
			b.Fatal(err)
		}
	}
}

// One script call per decision: a round trip to Redis, reading its clock.
func BenchmarkScript(b *testing.B) {
	l := quota.NewLimiter(redisenv.ForTest(b), redisenv.Prefix(b), nil)
	ctx := context.Background()
	for b.Loop() {
		if _, err := l.Decide(ctx, "acct", roomy); err != nil {
			b.Fatal(err)
		}
	}
}

// Concurrent decisions over go-redis's connection pool.
func BenchmarkScriptParallel(b *testing.B) {
	l := quota.NewLimiter(redisenv.ForTest(b), redisenv.Prefix(b), nil)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := l.Decide(context.Background(), "acct", roomy); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// Sixteen decisions (sixteen clients) in one pipeline: one round trip.
func BenchmarkScriptPipelined16(b *testing.B) {
	rdb := redisenv.ForTest(b)
	l := quota.NewLimiter(rdb, redisenv.Prefix(b), nil)
	ctx := context.Background()
	if err := quota.LoadScript(ctx, rdb); err != nil { // EVALSHA in a pipeline cannot fall back to EVAL
		b.Fatal(err)
	}
	decisions := 0
	for b.Loop() {
		cmds, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i := range 16 {
				l.Queue(ctx, p, fmt.Sprint("acct", i), roomy)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		decisions += len(cmds)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(decisions), "ns/decision")
}

// A client over its limit, answered from the guard's memory of its refusal.
func BenchmarkRemembered(b *testing.B) {
	g := &quota.Guard{Limiter: quota.NewLimiter(redisenv.ForTest(b), redisenv.Prefix(b), nil),
		Now: time.Now, Timeout: time.Second, Cooldown: time.Second, Remember: time.Hour}
	hourly := quota.Plan{Name: "hourly", Rate: 1, Per: time.Hour, Burst: 1, Daily: 100}
	ctx := context.Background()
	g.Decide(ctx, "acct", hourly) // spends the one request
	for b.Loop() {
		if d, _ := g.Decide(ctx, "acct", hourly); d.Allowed() {
			b.Fatal("admitted a client over its limit")
		}
	}
}

// ANCHOR_END: bench
