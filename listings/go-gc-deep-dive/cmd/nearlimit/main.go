// Command nearlimit grows its live heap step by step towards the memory
// limit (GOMEMLIMIT) and past it, serving the same number of requests at
// each step, and prints one line per step: how often the collector ran,
// how much CPU it took, whether its CPU limiter engaged, and the most
// memory the limit counts that ten samples during the step saw. Run it
// with GOMEMLIMIT set, and with GOGC=100 or GOGC=off.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"

	"playbook.example/go-gc-deep-dive/gcstats"
	"playbook.example/go-gc-deep-dive/workload"
)

func main() {
	requests := flag.Int("requests", 20_000, "requests served at each step")
	flag.Parse()
	limit := gcstats.Read().MemoryLimit
	if limit == math.MaxInt64 {
		fmt.Fprintln(os.Stderr, "nearlimit: set GOMEMLIMIT, for example GOMEMLIMIT=256MiB")
		os.Exit(2)
	}

	fmt.Printf("GOMEMLIMIT=%s MiB GOGC=%s\n", workload.MiB(limit), os.Getenv("GOGC"))
	fmt.Printf("%-10s %8s %9s %9s %8s %13s %8s %8s %8s\n",
		"live/limit", "live MiB", "goal MiB", "max MiB", "cycles", "MiB per cycle", "GC CPU", "assists", "limiter")
	cache := workload.NewCache(0)
	// ANCHOR: steps
	for _, share := range []float64{0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.8125, 0.875, 1.0} {
		cache.Grow(int(share * float64(limit)))
		runtime.GC()
		before := gcstats.Read()
		peak := servePeak(cache, *requests)
		after := gcstats.Read()
		d := after.Since(before)
		fmt.Printf("%-10.4f %8s %9s %9s %8d %13s %7.1f%% %7.1f%% %8s\n",
			share, workload.MiB(after.LiveBytes), workload.MiB(after.GoalBytes), workload.MiB(peak),
			d.Cycles, perCycle(d), 100*d.GCShare, 100*d.AssistShare, onOff(d.LimiterOn))
	}
	// ANCHOR_END: steps
	runtime.KeepAlive(cache)
}

// servePeak serves requests in ten batches and returns the largest
// memory figure the limit counts (mapped minus released) seen after a batch:
// ten samples, so the true peak between them can only be higher.
func servePeak(cache *workload.Cache, requests int) uint64 {
	var peak uint64
	for range 10 {
		workload.Serve(cache, requests/10, runtime.GOMAXPROCS(0), 200, workload.Renders["naive"])
		peak = max(peak, gcstats.Read().MappedBytes)
	}
	return peak
}

// perCycle is the allocation between two cycles: the runway the pacer gave.
func perCycle(d gcstats.Delta) string {
	if d.Cycles == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(d.AllocBytes)/(1<<20)/float64(d.Cycles))
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
