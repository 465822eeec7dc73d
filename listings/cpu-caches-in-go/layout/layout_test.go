package layout

import (
	"fmt"
	"testing"
	"unsafe"

	"playbook.example/cpu-caches-in-go/internal/cputime"
)

func TestEveryLayoutGivesTheSameRevenue(t *testing.T) {
	orders := Generate(10_000)
	var want int64
	for _, o := range orders {
		want += o.PriceCents * o.Quantity
	}
	for name, got := range map[string]int64{
		"structs":           Revenue(orders),
		"columns":           RevenueColumns(Columns(orders)),
		"pointers":          RevenuePointers(Pointers(orders, false)),
		"shuffled pointers": RevenuePointers(Pointers(orders, true)),
	} {
		if got != want {
			t.Errorf("%s: revenue %d, want %d", name, got, want)
		}
	}
}

// ANCHOR: example
func ExampleOrder() {
	var o Order
	fmt.Println("size:", unsafe.Sizeof(o), "bytes")
	fmt.Println("PriceCents at", unsafe.Offsetof(o.PriceCents), "Quantity at", unsafe.Offsetof(o.Quantity))
	fmt.Println("useful bytes per order for Revenue:", unsafe.Sizeof(o.PriceCents)+unsafe.Sizeof(o.Quantity))
	// Output:
	// size: 64 bytes
	// PriceCents at 16 Quantity at 24
	// useful bytes per order for Revenue: 16
}

// ANCHOR_END: example

// ANCHOR: bench
// BenchmarkRevenue computes the same revenue from each layout, for 8,192
// orders (512 KiB as structs) and 2,097,152 orders (128 MiB as structs).
func BenchmarkRevenue(b *testing.B) {
	for _, n := range []int{8 << 10, 2 << 20} {
		orders := Generate(n)
		columns := Columns(orders)
		inOrder, shuffled := Pointers(orders, false), Pointers(orders, true)
		for _, layout := range []struct {
			name    string
			revenue func() int64
		}{
			{"structs", func() int64 { return Revenue(orders) }},
			{"columns", func() int64 { return RevenueColumns(columns) }},
			{"pointers", func() int64 { return RevenuePointers(inOrder) }},
			{"shuffled-pointers", func() int64 { return RevenuePointers(shuffled) }},
		} {
			b.Run(fmt.Sprintf("orders=%d/layout=%s", n, layout.name), func(b *testing.B) {
				start := cputime.Start(b)
				for b.Loop() {
					layout.revenue()
				}
				cputime.Report(b, start, n, "order")
			})
		}
	}
}

// ANCHOR_END: bench

// adjacentShare is the share of neighbouring pointers that are exactly one
// Order apart in memory.
func adjacentShare(pointers []*Order) float64 {
	adjacent := 0
	for i := 1; i < len(pointers); i++ {
		if uintptr(unsafe.Pointer(pointers[i]))-uintptr(unsafe.Pointer(pointers[i-1])) == unsafe.Sizeof(Order{}) {
			adjacent++
		}
	}
	return float64(adjacent) / float64(len(pointers)-1)
}

// The allocator hands out 64-byte objects from 8 KiB spans of 128 slots, so
// orders allocated one after another mostly sit side by side; shuffling the
// pointers keeps the orders where they are and changes only the visiting order.
func TestPointersFollowAllocationOrder(t *testing.T) {
	orders := Generate(100_000)
	if share := adjacentShare(Pointers(orders, false)); share < 0.9 {
		t.Errorf("in allocation order, %.1f%% of neighbours are adjacent, want at least 90%%", 100*share)
	}
	if share := adjacentShare(Pointers(orders, true)); share > 0.01 {
		t.Errorf("shuffled, %.1f%% of neighbours are adjacent, want at most 1%%", 100*share)
	}
}
