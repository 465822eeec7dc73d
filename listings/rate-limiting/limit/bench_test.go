package limit

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// A generous policy, so that the benchmarks measure admissions, not denials.
var benchPolicy = Policy{Limit: 1_000_000_000, Per: time.Second, Burst: 1_000_000}

func BenchmarkTokenBucket(b *testing.B) {
	bucket, err := NewTokenBucket(benchPolicy, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		bucket.Allow()
	}
}

func BenchmarkXTimeRate(b *testing.B) {
	limiter := rate.NewLimiter(rate.Limit(benchPolicy.Limit), benchPolicy.Burst)
	for b.Loop() {
		limiter.Allow()
	}
}

// BenchmarkKeyed spreads requests over 100,000 clients, all held at once.
func BenchmarkKeyed(b *testing.B) {
	const clients = 100_000
	keyed, err := NewKeyed(Policy{Limit: 1, Per: time.Hour, Burst: 1_000_000}, clients, time.Now)
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, clients)
	for i := range keys {
		keys[i] = "client-" + strconv.Itoa(i)
	}
	before := heapInUse()
	for _, key := range keys {
		keyed.Allow(key)
	}
	perClient := float64(heapInUse()-before) / clients
	i := 0
	for b.Loop() {
		keyed.Allow(keys[i%clients])
		i++
	}
	b.ReportMetric(perClient, "heap-B/client")
}

func heapInUse() int64 {
	runtime.GC()
	var stats runtime.MemStats
	runtime.ReadMemStats(&stats)
	return int64(stats.HeapAlloc)
}
