package pacer_test

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"playbook.example/go-gc-deep-dive/gcstats"
	"playbook.example/go-gc-deep-dive/pacer"
)

// node is a small object with a pointer, so that the live heap is made of
// the kind of data the collector has to scan.
type node struct {
	next *node
	id   [3]int64
}

// keepLive builds a linked structure of about size bytes and returns it.
func keepLive(size int) []*node {
	nodes := make([]*node, size/32)
	for i := range nodes {
		nodes[i] = &node{id: [3]int64{int64(i)}}
		if i > 0 {
			nodes[i].next = nodes[i-1]
		}
	}
	return nodes
}

// ANCHOR: example
func Example_heapGoal() {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	live := keepLive(64 << 20)
	runtime.GC() // the live heap is now measured: about 64 MiB of nodes
	for _, gogc := range []int{50, 100, 200, 400} {
		debug.SetGCPercent(gogc) // recomputes the goal at once, no new cycle
		s := gcstats.Read()
		want := pacer.Goal(s.LiveBytes, s.StackBytes, s.GlobalBytes, gogc)
		fmt.Printf("GOGC=%d: goal/live = %.1f, formula exact: %t\n",
			gogc, float64(s.GoalBytes)/float64(s.LiveBytes), s.GoalBytes == want)
	}
	runtime.KeepAlive(live)

	live = nil
	runtime.GC() // now the live heap is a few hundred KiB: the floor applies
	for _, gogc := range []int{50, 100, 200} {
		debug.SetGCPercent(gogc)
		s := gcstats.Read()
		fmt.Printf("GOGC=%d, tiny heap: goal = %.2f MiB\n", gogc, float64(s.GoalBytes)/(1<<20))
	}
	// Output:
	// GOGC=50: goal/live = 1.5, formula exact: true
	// GOGC=100: goal/live = 2.0, formula exact: true
	// GOGC=200: goal/live = 3.0, formula exact: true
	// GOGC=400: goal/live = 5.0, formula exact: true
	// GOGC=50, tiny heap: goal = 2.00 MiB
	// GOGC=100, tiny heap: goal = 4.00 MiB
	// GOGC=200, tiny heap: goal = 8.00 MiB
}

// ANCHOR_END: example
