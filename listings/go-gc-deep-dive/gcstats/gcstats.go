// Package gcstats reads the garbage collector's figures from runtime/metrics:
// the pacer's inputs and outputs, how much the program allocated, and how
// much CPU time the collector took.
package gcstats

import (
	"fmt"
	"math"
	"runtime/metrics"
	"time"
)

// ANCHOR: read
// Snapshot holds the GC metrics of one moment. Cumulative figures
// (Cycles, AllocBytes and the CPU times) only mean something as the
// difference between two snapshots.
type Snapshot struct {
	Cycles      uint64 // GC cycles completed since the program started
	AllocBytes  uint64 // bytes allocated on the heap since the program started
	LiveBytes   uint64 // heap marked live by the last cycle
	GoalBytes   uint64 // heap size the pacer aims to finish the next cycle at
	StackBytes  uint64 // stack bytes the last cycle scanned
	GlobalBytes uint64 // scannable bytes in global variables
	GOGC        int64  // -1 means off
	MemoryLimit uint64 // GOMEMLIMIT in bytes
	MappedBytes uint64 // what the memory limit counts: mapped minus released
	LimiterLast uint64 // last cycle in which the GC CPU limiter was on; 0 = never

	GCCPU, IdleMarkCPU, AssistCPU, TotalCPU float64 // CPU-seconds
}

// names lists the metrics in the order read fills them in; a name that
// this Go release does not know is an error, not a silent zero.
var names = []string{
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/allocs:bytes",
	"/gc/heap/live:bytes",
	"/gc/heap/goal:bytes",
	"/gc/scan/stack:bytes",
	"/gc/scan/globals:bytes",
	"/gc/gogc:percent",
	"/gc/gomemlimit:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
	"/gc/limiter/last-enabled:gc-cycle",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/gc/mark/idle:cpu-seconds",
	"/cpu/classes/gc/mark/assist:cpu-seconds",
	"/cpu/classes/total:cpu-seconds",
}

// Read takes a snapshot. It does not stop the world and does not allocate
// beyond the sample slice.
func Read() Snapshot {
	samples := make([]metrics.Sample, len(names))
	for i, name := range names {
		samples[i].Name = name
	}
	metrics.Read(samples)
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindBad {
			panic(fmt.Sprintf("gcstats: this Go release has no metric %s", s.Name))
		}
	}
	u := func(i int) uint64 { return samples[i].Value.Uint64() }
	f := func(i int) float64 { return samples[i].Value.Float64() }
	return Snapshot{
		Cycles: u(0), AllocBytes: u(1), LiveBytes: u(2), GoalBytes: u(3),
		StackBytes: u(4), GlobalBytes: u(5),
		GOGC:        int64(int32(u(6))), // the runtime stores GOGC as an int32; off is -1
		MemoryLimit: u(7), MappedBytes: u(8) - u(9), LimiterLast: u(10),
		GCCPU: f(11), IdleMarkCPU: f(12), AssistCPU: f(13), TotalCPU: f(14),
	}
}

// ANCHOR_END: read

// ANCHOR: delta
// Delta is what happened between two snapshots.
type Delta struct {
	Cycles     uint64
	AllocBytes uint64
	// GCShare is the collector's share of the CPU time available to Go
	// (GOMAXPROCS times the wall time), without idle-time marking: the
	// same quantity as the "#%" field of a gctrace line, over the interval.
	GCShare float64
	// AssistShare is the part of GCShare that allocating goroutines
	// spent marking instead of running their own code.
	AssistShare float64
	LimiterOn   bool // the CPU limiter was on in a cycle of the interval
}

// Since returns what happened from before to s.
func (s Snapshot) Since(before Snapshot) Delta {
	total := s.TotalCPU - before.TotalCPU
	d := Delta{
		Cycles:     s.Cycles - before.Cycles,
		AllocBytes: s.AllocBytes - before.AllocBytes,
		LimiterOn:  s.LimiterLast > before.Cycles,
	}
	if total > 0 {
		busy := (s.GCCPU - before.GCCPU) - (s.IdleMarkCPU - before.IdleMarkCPU)
		d.GCShare = busy / total
		d.AssistShare = (s.AssistCPU - before.AssistCPU) / total
	}
	return d
}

// ANCHOR_END: delta

// ANCHOR: pauses
// WorstGCPause returns upper bounds of the longest stop-the-world pause
// the collector has made since the program started, and of the part of it
// spent waiting for every P to stop. The runtime keeps both as histograms,
// so the answer is the upper edge of the highest bucket that holds a pause.
func WorstGCPause() (total, stopping time.Duration) {
	samples := []metrics.Sample{
		{Name: "/sched/pauses/total/gc:seconds"},
		{Name: "/sched/pauses/stopping/gc:seconds"},
	}
	metrics.Read(samples)
	return worstBucket(samples[0].Value.Float64Histogram()), worstBucket(samples[1].Value.Float64Histogram())
}

// ANCHOR_END: pauses

func worstBucket(h *metrics.Float64Histogram) time.Duration {
	for i := len(h.Counts) - 1; i >= 0; i-- {
		if h.Counts[i] > 0 {
			upper := h.Buckets[i+1]
			if math.IsInf(upper, 1) {
				upper = h.Buckets[i]
			}
			return time.Duration(upper * float64(time.Second))
		}
	}
	return 0
}
