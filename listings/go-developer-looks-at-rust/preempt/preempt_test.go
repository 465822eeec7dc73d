// Package preempt holds the Go half of the scheduling comparison.
package preempt

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// ANCHOR: preempted
// One thread runs Go code, and this goroutine spins without ever blocking;
// the runtime preempts it all the same (asynchronous preemption, Go 1.14),
// so the other goroutine runs and the loop ends.
func TestSpinningGoroutineIsPreempted(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var ran atomic.Bool
	go func() { ran.Store(true) }()

	spins := 0
	for !ran.Load() {
		spins++ // CPU work: no channel, no lock, no I/O, no sleep
	}
	t.Logf("the other goroutine ran after %d spins", spins)
}

// ANCHOR_END: preempted
