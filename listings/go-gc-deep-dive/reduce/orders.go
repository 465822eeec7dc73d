package reduce

import "fmt"

// SampleOrder returns n order lines with SKUs like "SKU-000042", the
// input every benchmark and allocation count of this package uses.
func SampleOrder(n int) []Line {
	lines := make([]Line, n)
	for i := range lines {
		lines[i] = Line{SKU: fmt.Sprintf("SKU-%06d", i), Quantity: 1 + i%7, PriceCents: int64(199 + 100*(i%50))}
	}
	return lines
}
