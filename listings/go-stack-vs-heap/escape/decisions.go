// Package escape holds one small function per escape-analysis decision the post discusses.
// cmd/diagnostics records the compiler's reasons for each (-gcflags=-m=2) in
// ../records/escape_m2.txt, and escape_test.go measures the allocations they predict.
package escape

import (
	"fmt"
	"io"
	"strconv"
)

// ANCHOR: constructors
// Order is 24 bytes: three machine words.
type Order struct {
	ID, Customer, Cents int64
}

// MakeOrder returns a copy: the caller decides where the Order lives.
func MakeOrder(id, customer, cents int64) Order {
	return Order{ID: id, Customer: customer, Cents: cents}
}

// NewOrder returns a pointer, so the Order must outlive NewOrder's frame.
func NewOrder(id, customer, cents int64) *Order {
	return &Order{ID: id, Customer: customer, Cents: cents}
}

// ANCHOR_END: constructors

// ANCHOR: inlined
// DiscountedCents calls NewOrder, but once NewOrder is inlined the pointer
// never leaves this frame, so its Order is allocated on the stack.
func DiscountedCents(cents int64) int64 {
	o := NewOrder(0, 0, cents)
	return o.Cents * 9 / 10
}

// ANCHOR_END: inlined

// ANCHOR: address
// Total has a pointer receiver that it only reads through.
func (o *Order) Total(taxPercent int64) int64 {
	return o.Cents + o.Cents*taxPercent/100
}

// TotalWithTax takes the address of a local (o.Total is (&o).Total),
// and the local stays on the stack because Total does not keep it.
func TotalWithTax(cents int64) int64 {
	o := MakeOrder(0, 0, cents)
	return o.Total(20)
}

// ANCHOR_END: address

// ANCHOR: leak
var recent []*Order

// Remember keeps its argument after it returns: the parameter leaks.
func Remember(o *Order) {
	recent = append(recent, o)
}

// Track's local is moved to the heap because Remember keeps a pointer to it.
func Track(id int64) {
	o := MakeOrder(id, 0, 0)
	Remember(&o)
}

// ANCHOR_END: leak

// ANCHOR: interface
// Describe converts the Order to an interface for fmt, which needs it on the heap.
func Describe(o Order) string {
	return fmt.Sprint(o)
}

// ANCHOR_END: interface

// ANCHOR: writer
// WriteID formats into a stack array, but w.Write is a call through an
// interface: the compiler cannot see what Write keeps, so buf moves to the heap.
func WriteID(w io.Writer, id int64) error {
	var buf [20]byte
	_, err := w.Write(strconv.AppendInt(buf[:0], id, 10))
	return err
}

// ANCHOR_END: writer

// ANCHOR: closure
// Counter's n outlives Counter inside the closure it returns.
func Counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

// ANCHOR_END: closure

// ANCHOR: goroutine
// CentsAsync's closure runs on another goroutine, so the closure itself
// (holding a copy of o) is allocated on the heap.
func CentsAsync(o Order, result chan<- int64) {
	go func() { result <- o.Cents }()
}

// ANCHOR_END: goroutine

// ANCHOR: limits
// The limits in cmd/compile/internal/ir/cfg.go: 128 KiB for a declared
// variable, 64 KiB for new, &T{} and make.
const (
	declaredLimit = 128 << 10
	implicitLimit = 64 << 10
)

func DeclaredAtLimit() byte {
	var table [declaredLimit]byte
	return fill(table[:])
}

func DeclaredOverLimit() byte {
	var table [declaredLimit + 1]byte
	return fill(table[:])
}

func NewAtLimit() byte {
	return fill(new([implicitLimit]byte)[:])
}

func NewOverLimit() byte {
	return fill(new([implicitLimit + 1]byte)[:])
}

// ANCHOR_END: limits

// fill is kept out of line so that the arrays are real memory, not registers.
//
//go:noinline
func fill(b []byte) byte {
	b[len(b)-1] = 1
	return b[0] + b[len(b)-1]
}

// ANCHOR: variable
// SumFirst makes a slice whose length is only known at run time.
func SumFirst(values []int64, n int) int64 {
	window := make([]int64, n)
	copy(window, values)
	var sum int64
	for _, v := range window {
		sum += v
	}
	return sum
}

// ANCHOR_END: variable
