package passing

import (
	"fmt"
	"testing"
)

var keep uint64 // results land here so that no call can be dropped

const (
	header = "size   Return: value pointer   Pass: value pointer   Inlined: value pointer"
	row    = "%-5s %14v %7v %13v %7v %16v %7v\n"
)

// ANCHOR: allocs
// allocations prints the heap allocations per operation of each benchmark for one size.
func allocations[Pad any]() {
	existing := MakeBlob[Pad](1)
	count := func(op func()) float64 { return testing.AllocsPerRun(100, op) }
	fmt.Printf(row, sizeName[Pad](),
		count(func() { keep = IDOf(MakeBlob[Pad](1)) }),
		count(func() { keep = IDAt(NewBlob[Pad](1)) }),
		count(func() { keep = IDOf(existing) }),
		count(func() { keep = IDAt(&existing) }),
		count(func() { keep = MakeBlobInlinable[Pad](1).ID }),
		count(func() { keep = NewBlobInlinable[Pad](1).ID }),
	)
}

func ExampleNewBlob_allocations() {
	fmt.Println(header)
	allocations[struct{}]()
	allocations[words3]()
	allocations[words7]()
	allocations[[15]uint64]()
	allocations[[31]uint64]()
	allocations[[127]uint64]()
	allocations[[511]uint64]()
	allocations[[1023]uint64]()
	// Output:
	// size   Return: value pointer   Pass: value pointer   Inlined: value pointer
	// 8B                 0       1             0       0                0       0
	// 32B                0       1             0       0                0       0
	// 64B                0       1             0       0                0       0
	// 128B               0       1             0       0                0       0
	// 256B               0       1             0       0                0       0
	// 1KiB               0       1             0       0                0       0
	// 4KiB               0       1             0       0                0       0
	// 8KiB               0       1             0       0                0       0
}

// ANCHOR_END: allocs
