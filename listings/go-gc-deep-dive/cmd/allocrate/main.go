// Command allocrate measures how fast this machine can allocate: every P
// allocates and drops objects of one size for a second, and the program
// prints the heap allocation rate that runtime/metrics saw.
package main

import (
	"flag"
	"fmt"
	"runtime"
	"sync"
	"time"

	"playbook.example/go-gc-deep-dive/gcstats"
)

// sinks keeps each allocation reachable until the next one, so the
// compiler cannot prove it dead and skip it; one slot per goroutine.
var sinks [64][]byte

func main() {
	duration := flag.Duration("for", time.Second, "how long to allocate objects of each size")
	flag.Parse()
	procs := runtime.GOMAXPROCS(0)
	for _, size := range []int{64, 1 << 10, 32 << 10} {
		before := gcstats.Read()
		start := time.Now()
		deadline := start.Add(*duration)
		var wg sync.WaitGroup
		for g := range procs {
			wg.Go(func() {
				for time.Now().Before(deadline) {
					for range 1000 {
						sinks[g] = make([]byte, size)
					}
				}
			})
		}
		wg.Wait()
		d := gcstats.Read().Since(before)
		rate := float64(d.AllocBytes) / time.Since(start).Seconds()
		fmt.Printf("%6d-byte objects on %d Ps: %5.2f GiB/s, %d GC cycles, GC CPU %.0f%%\n",
			size, procs, rate/(1<<30), d.Cycles, 100*d.GCShare)
	}
}
