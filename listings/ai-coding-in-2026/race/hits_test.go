package race

import (
	"sync"
	"testing"
)

// ANCHOR: concurrent
// TestSnapshotWhileCounting is the test both versions share: the metrics loop takes a snapshot
// and reads it while requests keep arriving. Without -race, the plausible version often passes.
func TestSnapshotWhileCounting(t *testing.T) {
	h := NewHits()
	h.Add("/orders")
	snapshot := h.Snapshot()
	var requests sync.WaitGroup
	for range 4 {
		requests.Go(func() { h.Add("/orders") })
	}
	got := snapshot["/orders"]
	requests.Wait()
	if got != 1 {
		t.Errorf("a snapshot taken after one request reads %d requests", got)
	}
	if total := h.Snapshot()["/orders"]; total != 5 {
		t.Errorf("counted %d requests, want 5", total)
	}
}

// ANCHOR_END: concurrent
