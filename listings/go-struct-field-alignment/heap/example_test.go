//go:build amd64 || arm64

package heap_test

import (
	"fmt"
	"testing"
	"unsafe"

	"playbook.example/go-struct-field-alignment/heap"
	"playbook.example/go-struct-field-alignment/layout"
)

// ANCHOR: big
// Scalars512 and Pointers512 are both 512 bytes; only one of them holds a pointer.
type Scalars512 struct {
	ID   int64
	Data [63]int64
}

type Pointers512 struct {
	Name *string
	Data [63]int64
}

// Scalars576 and Pointers576 fill the 576-byte class exactly.
type Scalars576 struct {
	ID   int64
	Data [71]int64
}

type Pointers576 struct {
	Name *string
	Data [71]int64
}

// ANCHOR_END: big

var sink any

// ANCHOR: example
func report[T any](name string) {
	allocs := testing.AllocsPerRun(100, func() { sink = new(T) })
	var zero T
	fmt.Printf("%-14s size %3d  %.0f alloc  %v\n", name, unsafe.Sizeof(zero), allocs, heap.Measure[T](10_000))
}

func Example() {
	report[layout.Reading]("Reading")
	report[layout.PackedReading]("PackedReading")
	report[layout.Session]("Session")
	report[layout.PackedSession]("PackedSession")
	report[Scalars512]("Scalars512")
	report[Pointers512]("Pointers512")
	report[Scalars576]("Scalars576")
	report[Pointers576]("Pointers576")
	// Output:
	// Reading        size  40  1 alloc  48 bytes/object, class 48
	// PackedReading  size  32  1 alloc  32 bytes/object, class 32
	// Session        size  48  1 alloc  48 bytes/object, class 48
	// PackedSession  size  40  1 alloc  48 bytes/object, class 48
	// Scalars512     size 512  1 alloc  512 bytes/object, class 512
	// Pointers512    size 512  1 alloc  512 bytes/object, class 512
	// Scalars576     size 576  1 alloc  576 bytes/object, class 576
	// Pointers576    size 576  1 alloc  640 bytes/object, class 640
}

// ANCHOR_END: example
