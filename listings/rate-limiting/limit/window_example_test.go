package limit

import (
	"fmt"
	"time"
)

// gcraAllow adapts DecideGCRA to the window counters' shape: one client,
// time as an argument.
func gcraAllow(p Policy) func(time.Time) bool {
	var tat time.Time
	return func(now time.Time) bool {
		var d Decision
		tat, d = DecideGCRA(p, tat, now)
		return d.Allowed
	}
}

type algorithm struct {
	name  string
	allow func(time.Time) bool
}

// algorithms returns fresh limiters that all mean "limit per window".
func algorithms(limit int, window time.Duration) []algorithm {
	return []algorithm{
		{"fixed window", NewFixedWindow(limit, window).Allow},
		{"sliding counter", NewSlidingCounter(limit, window).Allow},
		{"sliding log", NewSlidingLog(limit, window).Allow},
		{"GCRA, burst=limit", gcraAllow(Policy{Limit: limit, Per: window, Burst: limit})},
		{"GCRA, burst=limit/10", gcraAllow(Policy{Limit: limit, Per: window, Burst: limit / 10})},
	}
}

// ANCHOR: boundary
// Example_boundaryBurst sends 100 requests in the last second of a minute and
// 100 more in the first second of the next, against "100 per minute".
func Example_boundaryBurst() {
	const limit = 100
	minute := time.Date(2026, 11, 20, 3, 1, 0, 0, time.UTC)
	var arrivals []time.Time
	for i := range limit {
		step := time.Duration(i) * 10 * time.Millisecond
		arrivals = append(arrivals, minute.Add(-time.Second+step), minute.Add(step))
	}
	arrivals = sortedTimes(arrivals)

	for _, a := range algorithms(limit, time.Minute) {
		admitted := admittedBy(a.allow, arrivals)
		fmt.Printf("%-21s admitted %3d of 200 within 2 s\n", a.name, len(admitted))
	}
	// Output:
	// fixed window          admitted 200 of 200 within 2 s
	// sliding counter       admitted 101 of 200 within 2 s
	// sliding log           admitted 100 of 200 within 2 s
	// GCRA, burst=limit     admitted 103 of 200 within 2 s
	// GCRA, burst=limit/10  admitted  13 of 200 within 2 s
}

// ANCHOR_END: boundary

// ANCHOR: poisson
// Example_steadyOverload offers twice the permitted rate, at random (Poisson)
// times, for 100 minutes, and reports what each algorithm let through: the
// total, and the most it let through in any 60-second window.
func Example_steadyOverload() {
	const limit = 100
	start := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	arrivals := poissonArrivals(42, 20_000, time.Minute/(2*limit), start)

	fmt.Printf("%-21s %8s %14s\n", "algorithm", "admitted", "peak in 60 s")
	for _, a := range algorithms(limit, time.Minute) {
		admitted := admittedBy(a.allow, arrivals)
		fmt.Printf("%-21s %8d %14d\n", a.name, len(admitted), peakInWindow(admitted, time.Minute))
	}
	// Output:
	// algorithm             admitted   peak in 60 s
	// fixed window             10100            131
	// sliding counter           9935            104
	// sliding log               9974            100
	// GCRA, burst=limit        10157            197
	// GCRA, burst=limit/10     10067            108
}

// ANCHOR_END: poisson
