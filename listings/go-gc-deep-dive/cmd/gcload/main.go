// Command gcload runs the workload once: it builds a cache (the live heap),
// serves requests that allocate, forces one last collection and prints what
// the collector did, read from runtime/metrics, with the requests' latency.
// Run it with GODEBUG=gctrace=1 to see each cycle, or with different GOGC
// values to compare them.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"playbook.example/go-gc-deep-dive/gcstats"
	"playbook.example/go-gc-deep-dive/workload"
)

func main() {
	liveMiB := flag.Int("live", 64, "size of the cache, MiB")
	requests := flag.Int("requests", 40_000, "requests to serve")
	lines := flag.Int("lines", 200, "order lines rendered per request")
	renderName := flag.String("render", "naive", "how requests render: naive, prealloc or pool")
	flag.Parse()
	render, ok := workload.Renders[*renderName]
	if !ok {
		fmt.Fprintf(os.Stderr, "gcload: -render must be naive, prealloc or pool, not %q\n", *renderName)
		os.Exit(2)
	}

	// ANCHOR: run
	cache := workload.NewCache(*liveMiB << 20)
	runtime.GC() // start measuring from a finished cycle, not from the cache's build
	before := gcstats.Read()
	start := time.Now()
	took := workload.Serve(cache, *requests, runtime.GOMAXPROCS(0), *lines, render)
	elapsed := time.Since(start)
	during := gcstats.Read().Since(before)
	runtime.GC() // a forced cycle: its trace line ends in "(forced)"
	s := gcstats.Read()
	// ANCHOR_END: run
	runtime.KeepAlive(cache)

	pause, stopping := gcstats.WorstGCPause()
	fmt.Printf("render=%s GOGC=%s live=%s MiB goal=%s MiB mapped=%s MiB allocated=%s MiB per_request=%.1f KiB cycles=%d "+
		"gc_cpu=%.1f%% assist_cpu=%.1f%% p50=%s p99=%s p99.9=%s worst_pause<=%s stopping<=%s wall=%.2fs\n",
		*renderName, gogc(s.GOGC), workload.MiB(s.LiveBytes), workload.MiB(s.GoalBytes), workload.MiB(s.MappedBytes),
		workload.MiB(during.AllocBytes), float64(during.AllocBytes)/1024/float64(*requests), during.Cycles, 100*during.GCShare, 100*during.AssistShare,
		micros(workload.Quantile(took, 0.5)), micros(workload.Quantile(took, 0.99)), micros(workload.Quantile(took, 0.999)),
		micros(pause), micros(stopping), elapsed.Seconds())
}

func micros(d time.Duration) string {
	return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
}

func gogc(percent int64) string {
	if percent < 0 {
		return "off"
	}
	return fmt.Sprint(percent)
}
