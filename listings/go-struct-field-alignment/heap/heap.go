// Package heap measures what one heap object of a type really costs, from the runtime's own
// allocation statistics.
package heap

import (
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
)

// ANCHOR: measure
// Cost is what allocating objects of one type took from the heap.
type Cost struct {
	BytesPerObject uint64 // growth of MemStats.TotalAlloc divided by the number of objects
	Class          uint32 // the BySize class whose malloc count grew by at least that number
}

// Measure allocates n objects of type T with new, keeps them alive, and reports the heap's cost
// per object.
func Measure[T any](n int) Cost {
	keep := make([]*T, n) // allocated before the first reading, so not counted
	return measure(n, func() {
		for i := range keep {
			keep[i] = new(T)
		}
	})
}

// MeasureType is Measure for a type built at run time (reflect.New allocates as new does).
func MeasureType(t reflect.Type, n int) Cost {
	keep := make([]reflect.Value, n)
	keep[0] = reflect.New(t) // the first New of a type also makes its pointer type: not counted
	return measure(n, func() {
		for i := range keep {
			keep[i] = reflect.New(t)
		}
	})
}

func measure(n int, allocate func()) Cost {
	// No collection starts while measuring: a cycle allocates for itself too.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	// The runtime allocates for its own use now and then (starting a thread, for example); that
	// only ever adds, so the smallest of three rounds is the objects' own cost.
	var best Cost
	for round := range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		allocate()
		runtime.ReadMemStats(&after)
		cost := Cost{BytesPerObject: (after.TotalAlloc - before.TotalAlloc) / uint64(n)}
		for i := range after.BySize {
			if after.BySize[i].Mallocs-before.BySize[i].Mallocs >= uint64(n) {
				cost.Class = after.BySize[i].Size
			}
		}
		if round == 0 || cost.BytesPerObject < best.BytesPerObject {
			best = cost
		}
	}
	return best
}

// ANCHOR_END: measure

func (c Cost) String() string {
	return fmt.Sprintf("%d bytes/object, class %d", c.BytesPerObject, c.Class)
}
