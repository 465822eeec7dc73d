package chase

import (
	"fmt"
	"strings"
	"testing"

	"playbook.example/cpu-caches-in-go/cacheinfo"
	"playbook.example/cpu-caches-in-go/internal/cputime"
)

func TestRingIsOneCycleThroughEveryNode(t *testing.T) {
	for _, random := range []bool{false, true} {
		for _, size := range []int64{128, 4 << 10, 1 << 20} {
			r, err := NewRing(size, random, 1)
			if err != nil {
				t.Fatal(err)
			}
			seen := make([]bool, r.Len())
			at := 0
			for step := range r.Len() {
				if seen[at] {
					t.Fatalf("random=%v size=%d: node %d visited twice, at step %d", random, size, at, step)
				}
				seen[at] = true
				at = r.nodes[at].next
			}
			if at != 0 {
				t.Fatalf("random=%v size=%d: after %d steps at node %d, want back at 0", random, size, r.Len(), at)
			}
			if end := r.Chase(r.Len()); end != 0 {
				t.Fatalf("random=%v size=%d: Chase(%d) stopped at node %d, want 0", random, size, r.Len(), end)
			}
			if next := r.Chase(1); next != r.nodes[0].next {
				t.Fatalf("random=%v size=%d: Chase(1) = %d, want node 0's successor %d", random, size, next, r.nodes[0].next)
			}
			if !r.Aligned() {
				t.Fatalf("size=%d: first node not on a %d-byte boundary", size, LineBytes)
			}
		}
	}
}

// The benchmark calls Chase many times: together the calls must walk the
// whole ring before they come back to a node, whatever the ring's size.
func TestSuccessiveChasesVisitEveryNodeBeforeRepeating(t *testing.T) {
	for _, random := range []bool{false, true} {
		for _, size := range []int64{128, 4 << 10, 1 << 20} {
			r, err := NewRing(size, random, 1)
			if err != nil {
				t.Fatal(err)
			}
			seen := make([]bool, r.Len())
			for call := range r.Len() {
				at := r.Chase(1)
				if seen[at] {
					t.Fatalf("random=%v size=%d: call %d of Chase(1) came back to node %d before visiting all %d", random, size, call+1, at, r.Len())
				}
				seen[at] = true
			}
			if at := r.Chase(r.Len()); at != 0 {
				t.Fatalf("random=%v size=%d: a further lap stopped at node %d, want 0", random, size, at)
			}
		}
	}
}

func TestRandomRingIsNotSequential(t *testing.T) {
	r, _ := NewRing(1<<20, true, 1)
	forward := 0
	for i := range r.Len() {
		if r.nodes[i].next == (i+1)%r.Len() {
			forward++
		}
	}
	if forward > r.Len()/100 {
		t.Fatalf("%d of %d links point to the next line: not a random order", forward, r.Len())
	}
}

func TestNewRingRejectsPartialLines(t *testing.T) {
	_, err := NewRing(100, true, 1)
	if err == nil || !strings.Contains(err.Error(), "expected a multiple of 64 bytes") {
		t.Fatalf("error %v", err)
	}
}

// sizes are the working sets of the curve: 16 KiB to 256 MiB, doubling.
func sizes() []int64 {
	var sizes []int64
	for size := int64(16 << 10); size <= 256<<20; size *= 2 {
		sizes = append(sizes, size)
	}
	return sizes
}

// ANCHOR: bench
// BenchmarkChase reports the CPU time per dependent load (cpu-ns/access) for
// each working set, in random and in sequential order.
func BenchmarkChase(b *testing.B) {
	const steps = 1 << 16
	for _, size := range sizes() {
		for _, order := range []string{"random", "sequential"} {
			name := fmt.Sprintf("size=%s/order=%s", strings.ReplaceAll(cacheinfo.FormatBytes(size), " ", ""), order)
			b.Run(name, func(b *testing.B) {
				r, err := NewRing(size, order == "random", 1)
				if err != nil {
					b.Fatal(err)
				}
				r.Chase(r.Len()) // one lap to load what fits
				start := cputime.Start(b)
				for b.Loop() {
					r.Chase(steps)
				}
				cputime.Report(b, start, steps, "access")
			})
		}
	}
}

// ANCHOR_END: bench
