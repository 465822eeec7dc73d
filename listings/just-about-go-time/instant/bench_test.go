package instant_test

import (
	"testing"
	"time"
)

// The cost of reading the clocks: time.Now reads both the wall clock and the
// monotonic clock; time.Since reads the monotonic clock once more.
var sink time.Duration

func BenchmarkNow(b *testing.B) {
	var last time.Time
	for b.Loop() {
		last = time.Now()
	}
	sink = time.Duration(last.Nanosecond())
}

func BenchmarkSince(b *testing.B) {
	start := time.Now()
	for b.Loop() {
		sink = time.Since(start)
	}
}
