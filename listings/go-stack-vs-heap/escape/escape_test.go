package escape

import (
	"fmt"
	"io"
	"testing"
)

// Results are kept in package variables so that the compiler cannot drop
// the calls, and lengths are variables so that inlining cannot make them constant.
var (
	sinkOrder   *Order
	sinkString  string
	sinkCounter func() int
	four, five  = 4, 5
	order       = Order{ID: 1, Customer: 2, Cents: 300}
)

// ANCHOR: allocations
func ExampleMakeOrder_allocations() {
	result := make(chan int64, 1)
	cases := []struct {
		name string
		call func()
	}{
		{"MakeOrder", func() { MakeOrder(1, 2, 300) }},
		{"NewOrder, result kept", func() { sinkOrder = NewOrder(1, 2, 300) }},
		{"DiscountedCents", func() { DiscountedCents(300) }},
		{"TotalWithTax", func() { TotalWithTax(300) }},
		{"Track", func() { Track(1) }},
		{"Describe", func() { sinkString = Describe(order) }},
		{"WriteID", func() { WriteID(io.Discard, 12345) }},
		{"Counter", func() { sinkCounter = Counter() }},
		{"CentsAsync", func() { CentsAsync(order, result); <-result }},
		{"DeclaredAtLimit", func() { DeclaredAtLimit() }},
		{"DeclaredOverLimit", func() { DeclaredOverLimit() }},
		{"NewAtLimit", func() { NewAtLimit() }},
		{"NewOverLimit", func() { NewOverLimit() }},
		{"SumFirst, n=4", func() { SumFirst(nil, four) }},
		{"SumFirst, n=5", func() { SumFirst(nil, five) }},
	}
	for _, c := range cases {
		fmt.Printf("%-22s %v\n", c.name, testing.AllocsPerRun(1000, c.call))
	}
	// Output:
	// MakeOrder              0
	// NewOrder, result kept  1
	// DiscountedCents        0
	// TotalWithTax           0
	// Track                  1
	// Describe               2
	// WriteID                1
	// Counter                2
	// CentsAsync             1
	// DeclaredAtLimit        0
	// DeclaredOverLimit      1
	// NewAtLimit             0
	// NewOverLimit           1
	// SumFirst, n=4          0
	// SumFirst, n=5          1
}

// ANCHOR_END: allocations
