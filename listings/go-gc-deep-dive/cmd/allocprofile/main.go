// Command allocprofile writes two heap profiles of the workload: one as a
// plain heap profile, which counts allocations since the program started,
// and one as net/http/pprof's delta over a window (?seconds=N), which counts
// only what the window allocated. Read them with go tool pprof.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	rpprof "runtime/pprof"
	"time"

	"playbook.example/go-gc-deep-dive/gcstats"
	"playbook.example/go-gc-deep-dive/workload"
)

func main() {
	dir := flag.String("out", ".", "folder for lifetime.pprof and window.pprof")
	window := flag.Int("seconds", 2, "length of the delta profile's window")
	requests := flag.Int("requests", 60_000, "requests served before the profiles")
	flag.Parse()

	start := gcstats.Read()
	cache := workload.NewCache(32 << 20)
	// Earlier traffic: everything this allocates is long dead.
	workload.Serve(cache, *requests, runtime.GOMAXPROCS(0), 200, workload.Renders["naive"])

	// ANCHOR: profiles
	runtime.GC() // publishes the profile as of this cycle; it can otherwise lag two cycles
	writeFile(filepath.Join(*dir, "lifetime.pprof"), func(w io.Writer) error {
		return rpprof.Lookup("heap").WriteTo(w, 0)
	})

	// The delta: what net/http/pprof serves for /debug/pprof/heap?seconds=N.
	// Traffic goes on at a lower rate while the window is open.
	ctx, stop := context.WithCancel(context.Background())
	go func() {
		for ctx.Err() == nil {
			workload.Serve(cache, 50, 1, 200, workload.Renders["naive"])
			time.Sleep(10 * time.Millisecond)
		}
	}()
	windowStart := gcstats.Read()
	req := httptest.NewRequest("GET", fmt.Sprintf("/debug/pprof/heap?seconds=%d", *window), nil)
	rec := httptest.NewRecorder()
	pprof.Handler("heap").ServeHTTP(rec, req)
	windowEnd := gcstats.Read()
	stop()
	if rec.Code != http.StatusOK {
		log.Fatalf("delta profile: HTTP %d: %s", rec.Code, rec.Body)
	}
	writeFile(filepath.Join(*dir, "window.pprof"), func(w io.Writer) error {
		_, err := w.Write(rec.Body.Bytes())
		return err
	})
	// ANCHOR_END: profiles
	runtime.KeepAlive(cache)

	fmt.Printf("allocated since start: %s MiB; in the %d s window: %s MiB; live after the last cycle: %s MiB\n",
		workload.MiB(windowEnd.AllocBytes-start.AllocBytes), *window,
		workload.MiB(windowEnd.AllocBytes-windowStart.AllocBytes), workload.MiB(windowEnd.LiveBytes))
}

func writeFile(path string, write func(io.Writer) error) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(f); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
