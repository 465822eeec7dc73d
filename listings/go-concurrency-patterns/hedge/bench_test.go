package hedge_test

import (
	"runtime"
	"sync"
	"testing"
)

// BenchmarkParkedGoroutineMemory measures what a goroutine blocked forever,
// such as a leaked one, keeps: its stack and its runtime descriptor.
func BenchmarkParkedGoroutineMemory(b *testing.B) {
	const parked = 10_000
	var stackPer, heapPer float64
	for b.Loop() {
		var before, during runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)

		block := make(chan struct{})
		var wg sync.WaitGroup
		for range parked {
			wg.Go(func() { <-block })
		}
		runtime.ReadMemStats(&during)
		close(block)
		wg.Wait()

		stackPer = float64(during.StackInuse-before.StackInuse) / parked
		heapPer = float64(int64(during.HeapInuse)-int64(before.HeapInuse)) / parked
	}
	b.ReportMetric(stackPer, "stack-bytes/goroutine")
	b.ReportMetric(heapPer, "heap-bytes/goroutine")
}
