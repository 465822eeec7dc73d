package falsesharing

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"unsafe"

	"golang.org/x/sys/cpu"

	"playbook.example/cpu-caches-in-go/internal/cputime"
)

func TestEachCounterCountsItsOwnAdds(t *testing.T) {
	var p Padded
	CountBoth(&p.A, &p.B, 1000)
	if p.A.Load() != 1000 || p.B.Load() != 1000 {
		t.Fatalf("A=%d B=%d, want 1000 each", p.A.Load(), p.B.Load())
	}
	var shared atomic.Int64
	CountBoth(&shared, &shared, 1000)
	if shared.Load() != 2000 {
		t.Fatalf("shared=%d, want 2000", shared.Load())
	}
}

// gap is the number of bytes between the end of the first counter and the
// start of the second.
func gap(first, second uintptr) uintptr {
	return second - (first + unsafe.Sizeof(atomic.Int64{}))
}

// ANCHOR: gap
func TestPaddedCountersCannotShareALine(t *testing.T) {
	var p Padded
	line := unsafe.Sizeof(cpu.CacheLinePad{})
	if g := gap(unsafe.Offsetof(p.A), unsafe.Offsetof(p.B)); g < line {
		t.Fatalf("Padded: %d bytes between the counters, want at least a line (%d)", g, line)
	}
	var a Adjacent
	if g := gap(unsafe.Offsetof(a.A), unsafe.Offsetof(a.B)); g != 0 {
		t.Fatalf("Adjacent: %d bytes between the counters, want 0", g)
	}
}

// ANCHOR_END: gap

func ExamplePadded() {
	var adjacent Adjacent
	var padded Padded
	var twice PaddedTwice
	fmt.Println("Adjacent:", unsafe.Sizeof(adjacent), "bytes, B at", unsafe.Offsetof(adjacent.B))
	fmt.Println("Padded:", unsafe.Sizeof(padded), "bytes, B at", unsafe.Offsetof(padded.B))
	fmt.Println("PaddedTwice:", unsafe.Sizeof(twice), "bytes, B at", unsafe.Offsetof(twice.B))
	// Output:
	// Adjacent: 16 bytes, B at 8
	// Padded: 80 bytes, B at 72
	// PaddedTwice: 144 bytes, B at 136
}

// ANCHOR: bench
// BenchmarkCountBoth times one round of 100,000 adds per goroutine, with
// GOMAXPROCS 1 and 2. With one P the goroutines take turns and no line moves
// between cores; with two they run at once, on two cores when the machine
// has two free.
func BenchmarkCountBoth(b *testing.B) {
	const adds = 100_000
	var shared atomic.Int64
	var adjacent Adjacent
	var padded Padded
	var twice PaddedTwice
	layouts := []struct {
		name string
		a, b *atomic.Int64
	}{
		{"shared", &shared, &shared},
		{"adjacent", &adjacent.A, &adjacent.B},
		{"padded", &padded.A, &padded.B},
		{"padded-twice", &twice.A, &twice.B},
	}
	for _, procs := range []int{1, 2} {
		b.Run(fmt.Sprintf("procs=%d", procs), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			for _, layout := range layouts {
				b.Run("layout="+layout.name, func(b *testing.B) {
					start := cputime.Start(b)
					for b.Loop() {
						CountBoth(layout.a, layout.b, adds)
					}
					used := cputime.Process(b) - start
					// Wall time per round of adds, and CPU time per add of either goroutine.
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*adds), "ns/add")
					cputime.Report(b, start, 2*adds, "add")
					// CPU time over wall time: 2 when both goroutines ran the whole
					// time, less when they took turns or the machine was busy.
					b.ReportMetric(float64(used)/float64(b.Elapsed()), "busy-cpus")
				})
			}
		})
	}
}

// ANCHOR_END: bench
