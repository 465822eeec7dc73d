package limit

import "time"

// The three window counters below exist to be compared with the buckets.
// They limit one client, take the time as an argument, and are not safe for
// concurrent use.

// ANCHOR: fixed
// FixedWindow admits up to limit requests per calendar-aligned window.
type FixedWindow struct {
	limit  int
	window time.Duration
	start  time.Time
	count  int
}

func NewFixedWindow(limit int, window time.Duration) *FixedWindow {
	return &FixedWindow{limit: limit, window: window}
}

func (w *FixedWindow) Allow(now time.Time) bool {
	if start := now.Truncate(w.window); !start.Equal(w.start) {
		w.start, w.count = start, 0
	}
	if w.count >= w.limit {
		return false
	}
	w.count++
	return true
}

// ANCHOR_END: fixed

// SlidingLog keeps the time of every admitted request in the last window:
// exact, and up to limit timestamps per client.
type SlidingLog struct {
	limit    int
	window   time.Duration
	admitted []time.Time // oldest first
}

func NewSlidingLog(limit int, window time.Duration) *SlidingLog {
	return &SlidingLog{limit: limit, window: window}
}

func (l *SlidingLog) Allow(now time.Time) bool {
	horizon := now.Add(-l.window)
	expired := 0
	for expired < len(l.admitted) && !l.admitted[expired].After(horizon) {
		expired++
	}
	l.admitted = l.admitted[expired:]
	if len(l.admitted) >= l.limit {
		return false
	}
	l.admitted = append(l.admitted, now)
	return true
}

// ANCHOR: counter
// SlidingCounter keeps two fixed-window counts and estimates the last
// window's total by assuming the previous window's requests were spread
// evenly: it counts the share of them that still overlaps the sliding window.
type SlidingCounter struct {
	limit             int
	window            time.Duration
	start             time.Time // start of the current fixed window
	previous, current int
}

func NewSlidingCounter(limit int, window time.Duration) *SlidingCounter {
	return &SlidingCounter{limit: limit, window: window}
}

func (c *SlidingCounter) Allow(now time.Time) bool {
	if start := now.Truncate(c.window); !start.Equal(c.start) {
		if start.Sub(c.start) == c.window {
			c.previous = c.current
		} else {
			c.previous = 0 // idle for a whole window or more
		}
		c.start, c.current = start, 0
	}
	overlap := 1 - float64(now.Sub(c.start))/float64(c.window)
	estimate := float64(c.previous)*overlap + float64(c.current)
	if estimate+1 > float64(c.limit) {
		return false
	}
	c.current++
	return true
}

// ANCHOR_END: counter
