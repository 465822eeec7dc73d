// Command allocs prints how many heap allocations each way of rendering an
// order makes per call (testing.AllocsPerRun), and which buffer each pool
// holds after one huge order. Build it without -race: the race detector
// makes sync.Pool drop a quarter of what is put into it, on purpose.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"testing"

	"playbook.example/go-gc-deep-dive/reduce"
	"playbook.example/go-gc-deep-dive/workload"
)

func main() {
	// One P: the pool's per-P caches then make the second table repeatable.
	runtime.GOMAXPROCS(1)
	out := os.Stdout
	order := reduce.SampleOrder(200)
	reused := make([]byte, 0, 64<<10)
	counts := []struct {
		name string
		call func()
	}{
		{"RenderNaive", func() { reduce.RenderNaive(order) }},
		{"RenderPrealloc", func() { reduce.RenderPrealloc(order) }},
		{"AppendCSV into a reused buffer", func() { reused = reduce.AppendCSV(reused[:0], order) }},
		{"WriteCSV (pool of *[]byte)", func() { must(reduce.WriteCSV(io.Discard, order)) }},
		{"WriteCSVSliceValue (pool of []byte)", func() { must(reduce.WriteCSVSliceValue(io.Discard, order)) }},
		{"CacheKey (stack scratch)", func() { reduce.CacheKey(42, "eu-west") }},
		{"CacheKeyPooled (pooled scratch)", func() { reduce.CacheKeyPooled(42, "eu-west") }},
	}
	fmt.Fprintf(out, "allocations per call, order of %d lines\n", len(order))
	for _, c := range counts {
		fmt.Fprintf(out, "  %-38s %5.0f\n", c.name, testing.AllocsPerRun(1000, c.call))
	}

	// What the upper bound costs: RenderPrealloc's buffer against the text it holds.
	text := reduce.RenderPrealloc(order)
	fmt.Fprintf(out, "\nbytes of the %d-line order\n", len(order))
	fmt.Fprintf(out, "  %-38s %5d\n", "CSV text", len(text))
	fmt.Fprintf(out, "  %-38s %5d\n", "RenderPrealloc's buffer (capacity)", cap(text))

	// What one more line costs RenderNaive: line 100 of an order costs 199 cents, line 101 costs
	// 299, and orders of 100 to 102 lines fit the same 128-slot slice of rows.
	naive := func(n int) float64 {
		order := reduce.SampleOrder(n)
		return testing.AllocsPerRun(1000, func() { reduce.RenderNaive(order) })
	}
	fmt.Fprintf(out, "\nallocations of one more line in RenderNaive\n")
	fmt.Fprintf(out, "  %-38s %5.0f\n", "price under 256 cents", naive(101)-naive(100))
	fmt.Fprintf(out, "  %-38s %5.0f\n", "price of 256 cents or more", naive(102)-naive(101))

	// One request of cmd/gcload: an order of cache entries, rendered the naive way.
	cache := workload.NewCache(8 << 20)
	request := make([]reduce.Line, len(order))
	served := testing.AllocsPerRun(1000, func() {
		cache.Order(request, 12345)
		must(workload.Renders["naive"](io.Discard, request))
	})
	fmt.Fprintf(out, "\nallocations per request of cmd/gcload, %d lines\n  %-38s %5.0f\n", len(request), "naive rendering", served)

	// One huge order, then small ones with collections in between.
	must(reduce.WriteCSV(io.Discard, reduce.SampleOrder(400_000)))
	must(reduce.WriteCSVUncapped(io.Discard, reduce.SampleOrder(400_000)))
	small := reduce.SampleOrder(20)
	for i := range 100 {
		must(reduce.WriteCSV(io.Discard, small))
		must(reduce.WriteCSVUncapped(io.Discard, small))
		if i%10 == 9 {
			runtime.GC()
		}
	}
	capped, unbounded := reduce.PooledCapacities()
	fmt.Fprintf(out, "\nbuffer in the pool after one 400,000-line order and 100 small ones\n")
	fmt.Fprintf(out, "  %-38s %9s\n", "WriteCSV (keeps buffers up to 64 KiB)", size(capped))
	fmt.Fprintf(out, "  %-38s %9s\n", "WriteCSVUncapped", size(unbounded))
}

func size(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
