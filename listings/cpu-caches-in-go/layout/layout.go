// Package layout keeps the same orders three ways: a slice of structs
// (array of structs), one slice per field (struct of arrays), and a slice of
// pointers to structs allocated one by one.
package layout

import "math/rand/v2"

// ANCHOR: types
// Order is one order as a service might keep it: 64 bytes, one cache line
// on amd64 when it starts on a line boundary.
type Order struct {
	ID         int64
	CustomerID int64
	PriceCents int64
	Quantity   int64
	PlacedAt   int64 // Unix nanoseconds
	Region     [16]byte
	Status     uint32
	Flags      uint32
}

// Orders holds the same fields as Order, one slice per field.
type Orders struct {
	ID         []int64
	CustomerID []int64
	PriceCents []int64
	Quantity   []int64
	PlacedAt   []int64
	Region     [][16]byte
	Status     []uint32
	Flags      []uint32
}

// ANCHOR_END: types

// ANCHOR: revenue
// Revenue reads two of Order's eight fields, but every line it loads
// carries all eight.
func Revenue(orders []Order) int64 {
	var total int64
	for i := range orders {
		total += orders[i].PriceCents * orders[i].Quantity
	}
	return total
}

// RevenueColumns reads the two slices it needs and nothing else.
func RevenueColumns(o *Orders) int64 {
	prices, quantities := o.PriceCents, o.Quantity[:len(o.PriceCents)]
	var total int64
	for i, price := range prices {
		total += price * quantities[i]
	}
	return total
}

// RevenuePointers follows one pointer per order.
func RevenuePointers(orders []*Order) int64 {
	var total int64
	for _, o := range orders {
		total += o.PriceCents * o.Quantity
	}
	return total
}

// ANCHOR_END: revenue

// Generate makes n orders with deterministic contents.
func Generate(n int) []Order {
	rng := rand.New(rand.NewPCG(1, 2))
	orders := make([]Order, n)
	for i := range orders {
		orders[i] = Order{
			ID:         int64(i + 1),
			CustomerID: rng.Int64N(100_000),
			PriceCents: 100 + rng.Int64N(10_000),
			Quantity:   1 + rng.Int64N(5),
			PlacedAt:   1_760_000_000_000_000_000 + int64(i)*1_000_000,
			Status:     uint32(rng.IntN(4)),
		}
		copy(orders[i].Region[:], "eu-central")
	}
	return orders
}

// Columns copies orders into one slice per field.
func Columns(orders []Order) *Orders {
	n := len(orders)
	o := &Orders{
		ID: make([]int64, n), CustomerID: make([]int64, n), PriceCents: make([]int64, n),
		Quantity: make([]int64, n), PlacedAt: make([]int64, n), Region: make([][16]byte, n),
		Status: make([]uint32, n), Flags: make([]uint32, n),
	}
	for i, order := range orders {
		o.ID[i], o.CustomerID[i], o.PriceCents[i] = order.ID, order.CustomerID, order.PriceCents
		o.Quantity[i], o.PlacedAt[i], o.Region[i] = order.Quantity, order.PlacedAt, order.Region
		o.Status[i], o.Flags[i] = order.Status, order.Flags
	}
	return o
}

// Pointers allocates each order on its own, in order, and returns the
// pointers in that order; shuffled, they come back in a random order, as
// after a sort by another key or a walk over a map.
func Pointers(orders []Order, shuffled bool) []*Order {
	pointers := make([]*Order, len(orders))
	for i := range orders {
		o := new(Order)
		*o = orders[i]
		pointers[i] = o
	}
	if shuffled {
		rng := rand.New(rand.NewPCG(3, 4))
		rng.Shuffle(len(pointers), func(i, j int) { pointers[i], pointers[j] = pointers[j], pointers[i] })
	}
	return pointers
}
