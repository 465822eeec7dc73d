//go:build linux

// Package cputime reports a benchmark's cost in CPU time as well as wall time.
// On a machine shared with other jobs, wall time mostly measures how often the
// scheduler let the benchmark run; the process's CPU time measures what the
// loop itself cost (while other jobs can still evict its lines from the caches
// the cores share).
package cputime

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// ANCHOR: cputime
// Process is the CPU time, user and system, that all of the process's threads
// have used so far.
func Process(b testing.TB) time.Duration {
	var usage syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &usage); err != nil {
		b.Fatal(err)
	}
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// Start collects the garbage of what ran before, so that the runtime's
// background work on it is not charged to the loop, and returns Process.
func Start(b *testing.B) time.Duration {
	runtime.GC()
	return Process(b)
}

// Report adds the metric "cpu-ns/<unit>": the CPU time used since start, over
// b.N iterations of perOp units each (cells, orders, loads, adds).
func Report(b *testing.B, start time.Duration, perOp int, unit string) {
	b.ReportMetric(float64(Process(b)-start)/float64(b.N*perOp), "cpu-ns/"+unit)
}

// ANCHOR_END: cputime
