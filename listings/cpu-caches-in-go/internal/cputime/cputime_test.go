//go:build linux

package cputime

import (
	"testing"
	"time"
)

// Spinning uses CPU time, and at most as much as the wall time it took; a
// sleep uses almost none.
func TestProcessCountsWorkNotSleep(t *testing.T) {
	start, wall := Process(t), time.Now()
	for Process(t)-start < 10*time.Millisecond {
		if time.Since(wall) > 10*time.Second {
			t.Fatal("10 s of spinning used less than 10 ms of CPU time")
		}
	}
	if used, elapsed := Process(t)-start, time.Since(wall); used > 2*elapsed {
		t.Fatalf("one goroutine used %v of CPU time in %v", used, elapsed)
	}
	start = Process(t)
	time.Sleep(50 * time.Millisecond)
	if idle := Process(t) - start; idle > 25*time.Millisecond {
		t.Fatalf("a 50 ms sleep used %v of CPU time, want under 25 ms", idle)
	}
}
