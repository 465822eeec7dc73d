//go:build plausible

package race

import "sync"

// ANCHOR: plausible
// Hits counts requests per route. It is safe for concurrent use.
type Hits struct {
	mu     sync.Mutex
	counts map[string]int
}

func NewHits() *Hits { return &Hits{counts: make(map[string]int)} }

// Add counts one request to route.
func (h *Hits) Add(route string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.counts[route]++
}

// Snapshot returns the counts.
func (h *Hits) Snapshot() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.counts
}

// ANCHOR_END: plausible
