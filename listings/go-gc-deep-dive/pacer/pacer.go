// Package pacer writes down the heap goal that the Go 1.26 pacer computes,
// so that a test can hold it against what the runtime reports.
package pacer

import "math"

// ANCHOR: goal
// HeapMinimum is the heap goal's floor at GOGC=100 (defaultHeapMinimum in
// runtime/mgcpacer.go); the floor scales with GOGC.
const HeapMinimum = 4 << 20

// Goal is the heap goal after a cycle that marked live bytes and scanned
// stacks and globals bytes of roots, when no memory limit binds it
// (gcControllerState.commit in runtime/mgcpacer.go, Go 1.26).
func Goal(live, stacks, globals uint64, gogc int) uint64 {
	if gogc < 0 {
		return math.MaxUint64 // GOGC=off: only a memory limit sets a goal
	}
	goal := live + (live+stacks+globals)*uint64(gogc)/100
	return max(goal, HeapMinimum*uint64(gogc)/100)
}

// ANCHOR_END: goal
