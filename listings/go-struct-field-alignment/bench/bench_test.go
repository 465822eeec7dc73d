// Package bench compares the declared and the packed layouts of the layout package in loops over
// large slices, in allocation, and in garbage collection. Compare its results with benchstat,
// never against figures from another run.
package bench

import (
	"flag"
	"fmt"
	"runtime"
	"testing"

	"playbook.example/go-struct-field-alignment/layout"
)

// Two working sets: one that fits this machine's L2 cache, one far larger than its L3.
var lengths = []int{1 << 14, 1 << 22}

// ANCHOR: scan
// swap runs the second variant of each pair first. cmd/benchruns sets it on every other run, so
// that neither variant always runs in the wake of the other.
var swap = flag.Bool("swap", false, "run the packed layout (and the pointer-last type) first")

// pair runs two variants as sub-benchmarks, in the order -swap gives.
func pair(b *testing.B, firstName string, first func(*testing.B),
	secondName string, second func(*testing.B)) {
	if *swap {
		firstName, first, secondName, second = secondName, second, firstName, first
	}
	b.Run(firstName, first)
	b.Run(secondName, second)
}

// filled returns n values of T, each set by set from its index.
func filled[T any](n int, set func(*T, int)) []T {
	s := make([]T, n)
	for i := range s {
		set(&s[i], i)
	}
	return s
}

// sumReadings adds up the values whose flag is set. It is a function of its own because the
// compiler keeps alive every variable assigned between the braces of a b.Loop loop: a running
// total written there would go to memory and back on every element, and that round trip, the
// same for every layout, could set the pace.
func sumReadings(s []layout.Reading) float64 {
	total := 0.0
	for i := range s {
		if s[i].Valid {
			total += s[i].Value
		}
	}
	return total
}

func sumPackedReadings(s []layout.PackedReading) float64 {
	total := 0.0
	for i := range s {
		if s[i].Valid {
			total += s[i].Value
		}
	}
	return total
}

var sum float64

func BenchmarkScanReadings(b *testing.B) {
	for _, n := range lengths {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			pair(b, "layout=declared", func(b *testing.B) {
				s := filled(n, func(r *layout.Reading, i int) { r.Valid, r.Value = i%4 != 0, float64(i) })
				b.SetBytes(int64(n) * 40)
				start := startCPU(b)
				for b.Loop() {
					sum = sumReadings(s)
				}
				reportCPU(b, start)
			}, "layout=packed", func(b *testing.B) {
				s := filled(n, func(r *layout.PackedReading, i int) { r.Valid, r.Value = i%4 != 0, float64(i) })
				b.SetBytes(int64(n) * 40) // the same work: one Reading's worth of data per element
				start := startCPU(b)
				for b.Loop() {
					sum = sumPackedReadings(s)
				}
				reportCPU(b, start)
			})
		})
	}
}

// ANCHOR_END: scan

func sumSessions(s []layout.Session) int64 {
	var total int64
	for i := range s {
		if s[i].Active {
			total += s[i].ExpiresAt
		}
	}
	return total
}

func sumPackedSessions(s []layout.PackedSession) int64 {
	var total int64
	for i := range s {
		if s[i].Active {
			total += s[i].ExpiresAt
		}
	}
	return total
}

var total int64

func BenchmarkScanSessions(b *testing.B) {
	for _, n := range lengths {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			pair(b, "layout=declared", func(b *testing.B) {
				s := filled(n, func(r *layout.Session, i int) { r.Active, r.ExpiresAt = i%4 != 0, int64(i) })
				b.SetBytes(int64(n) * 48)
				start := startCPU(b)
				for b.Loop() {
					total = sumSessions(s)
				}
				reportCPU(b, start)
			}, "layout=packed", func(b *testing.B) {
				s := filled(n, func(r *layout.PackedSession, i int) { r.Active, r.ExpiresAt = i%4 != 0, int64(i) })
				b.SetBytes(int64(n) * 48)
				start := startCPU(b)
				for b.Loop() {
					total = sumPackedSessions(s)
				}
				reportCPU(b, start)
			})
		})
	}
}

var keep any

// allocate measures one allocation per iteration; make returns a new object each time.
func allocate[T any](make func() *T) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		start := startCPU(b)
		for b.Loop() {
			keep = make()
		}
		reportCPU(b, start)
	}
}

func BenchmarkNew(b *testing.B) {
	b.Run("type=Reading", func(b *testing.B) {
		pair(b, "layout=declared", allocate(func() *layout.Reading { return &layout.Reading{Value: 1} }),
			"layout=packed", allocate(func() *layout.PackedReading { return &layout.PackedReading{Value: 1} }))
	})
	b.Run("type=Session", func(b *testing.B) {
		pair(b, "layout=declared", allocate(func() *layout.Session { return &layout.Session{UserID: 1} }),
			"layout=packed", allocate(func() *layout.PackedSession { return &layout.PackedSession{UserID: 1} }))
	})
}

// ANCHOR: gc
// pointerFirst and pointerLast are the same 56 bytes with one pointer: fieldalignment reports
// pointerLast's 56 "leading bytes of pointer data", which could be 8.
type pointerFirst struct {
	Next             *pointerFirst
	A, B, C, D, E, F int64
}

type pointerLast struct {
	A, B, C, D, E, F int64
	Next             *pointerLast
}

const gcObjects = 1 << 20

func BenchmarkGC(b *testing.B) {
	pair(b, "pointer=first", func(b *testing.B) {
		objects := make([]*pointerFirst, gcObjects)
		for i := range objects {
			objects[i] = &pointerFirst{}
			if i > 0 {
				objects[i].Next = objects[i-1]
			}
		}
		start := startCPU(b)
		for b.Loop() {
			runtime.GC()
		}
		reportCPU(b, start)
		runtime.KeepAlive(objects)
	}, "pointer=last", func(b *testing.B) {
		objects := make([]*pointerLast, gcObjects)
		for i := range objects {
			objects[i] = &pointerLast{}
			if i > 0 {
				objects[i].Next = objects[i-1]
			}
		}
		start := startCPU(b)
		for b.Loop() {
			runtime.GC()
		}
		reportCPU(b, start)
		runtime.KeepAlive(objects)
	})
}

// ANCHOR_END: gc
