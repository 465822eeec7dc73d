//go:build !plausible

// Package race holds a per-route hit counter in two versions: the one in this file, and a
// plausible one (hits_plausible.go, built only with -tags plausible) that takes its lock on every
// access and still races. The records race_report and race_report_go127 (records.toml) run the
// shared test against the plausible one under the race detector (cmd/racereport).
package race

import (
	"maps"
	"sync"
)

// ANCHOR: fixed
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

// Snapshot returns a copy of the counts: the caller may read it while requests keep arriving.
func (h *Hits) Snapshot() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return maps.Clone(h.counts)
}

// ANCHOR_END: fixed
