package race_test

import (
	"context"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/race"
)

// The read-then-write limiters' cost, to compare with the script's
// (package quota): GET then SET is two round trips; the WATCH limiter sends
// WATCH, then GET, then MULTI/SET/EXEC as one pipeline, three in all.
func BenchmarkGetThenSet(b *testing.B) {
	l := &race.Naive{RDB: redisenv.ForTest(b), Interval: time.Microsecond, Burst: 1_000_000, Now: time.Now}
	key := redisenv.Prefix(b) + "{acct}:tat"
	for b.Loop() {
		if _, err := l.Allow(context.Background(), key); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWatched(b *testing.B) {
	l := &race.Watched{RDB: redisenv.ForTest(b), Interval: time.Microsecond, Burst: 1_000_000, Now: time.Now}
	key := redisenv.Prefix(b) + "{acct}:tat"
	for b.Loop() {
		if _, err := l.Allow(context.Background(), key); err != nil {
			b.Fatal(err)
		}
	}
}
