package fixdemo

// Stats is updated by many goroutines.
type Stats struct {
	// Hits is incremented with atomic.AddInt64, so it stays the first word:
	// on 32-bit platforms only that one is sure to be 64-bit aligned.
	Hits  int64
	Name  *string // the cache these counters describe
	Ready bool
}
