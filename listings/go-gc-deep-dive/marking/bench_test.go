package marking

import (
	"runtime"
	"testing"

	"playbook.example/go-gc-deep-dive/gcstats"
)

const nodes = 1 << 20 // 32 MiB of nodes

// ANCHOR: bench
// benchmarkMark times full collections of a heap that holds live, and
// reports the collector's CPU time per cycle next to the wall time.
func benchmarkMark(b *testing.B, live any) {
	runtime.GC()
	before := gcstats.Read()
	for b.Loop() {
		runtime.GC()
	}
	d := gcstats.Read()
	b.ReportMetric((d.GCCPU-before.GCCPU)*1e3/float64(d.Cycles-before.Cycles), "gc-cpu-ms/cycle")
	runtime.KeepAlive(live)
}

func BenchmarkMark(b *testing.B) {
	b.Run("heap=dense", func(b *testing.B) { benchmarkMark(b, Dense(nodes)) })
	b.Run("heap=chain", func(b *testing.B) { benchmarkMark(b, Chain(nodes, 1)) })
}

// ANCHOR_END: bench
