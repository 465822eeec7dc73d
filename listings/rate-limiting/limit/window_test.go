package limit

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// peakInWindow is the largest number of times in any half-open window of
// the given length ending at one of them. times must be sorted.
func peakInWindow(times []time.Time, window time.Duration) int {
	peak, first := 0, 0
	for last, t := range times {
		for !times[first].After(t.Add(-window)) {
			first++
		}
		peak = max(peak, last-first+1)
	}
	return peak
}

// poissonArrivals returns n arrival times with exponential gaps of the given
// mean, from a fixed seed.
func poissonArrivals(seed uint64, n int, meanGap time.Duration, start time.Time) []time.Time {
	random := rand.New(rand.NewPCG(seed, 0))
	times := make([]time.Time, n)
	at := start
	for i := range times {
		at = at.Add(time.Duration(random.ExpFloat64() * float64(meanGap)))
		times[i] = at
	}
	return times
}

func admittedBy(allow func(time.Time) bool, arrivals []time.Time) []time.Time {
	var admitted []time.Time
	for _, at := range arrivals {
		if allow(at) {
			admitted = append(admitted, at)
		}
	}
	return admitted
}

func TestWindowBounds(t *testing.T) {
	const limit = 100
	window := time.Minute
	start := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	for seed := range uint64(20) {
		// Twice the permitted rate, so the limiters work all the time.
		arrivals := poissonArrivals(seed, 20_000, window/(2*limit), start)

		exact := admittedBy(NewSlidingLog(limit, window).Allow, arrivals)
		if peak := peakInWindow(exact, window); peak > limit {
			t.Errorf("seed %d: sliding log admitted %d in one window, limit %d", seed, peak, limit)
		}
		// Any window overlaps at most two fixed windows, each capped at the
		// limit: the estimate can be fooled, but never by more than that.
		for name, allow := range map[string]func(time.Time) bool{
			"fixed window":    NewFixedWindow(limit, window).Allow,
			"sliding counter": NewSlidingCounter(limit, window).Allow,
		} {
			if peak := peakInWindow(admittedBy(allow, arrivals), window); peak > 2*limit {
				t.Errorf("seed %d: %s admitted %d in one window, more than twice %d", seed, name, peak, limit)
			}
		}
	}
}

func sortedTimes(times []time.Time) []time.Time {
	slices.SortFunc(times, time.Time.Compare)
	return times
}
