//go:build linux

package bench

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// ANCHOR: cpu
// processCPU is the CPU time all of the process's threads have used (user and system). On a
// machine shared with other jobs, wall time mostly measures how often the scheduler let the
// benchmark run; CPU time measures what the loop itself cost.
func processCPU(b *testing.B) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// startCPU collects the garbage of what ran before, so that the runtime's background sweeping of
// it is not charged to the loop, and returns the process's CPU time so far.
func startCPU(b *testing.B) time.Duration {
	runtime.GC()
	return processCPU(b)
}

// reportCPU adds a cpu-ns/op figure: CPU time since start over the iterations b.Loop ran.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU(b)-start)/float64(b.N), "cpu-ns/op")
}

// ANCHOR_END: cpu
