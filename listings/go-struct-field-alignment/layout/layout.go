// Package layout holds the structs the post measures: each comes in the order a person writes it
// (fields grouped by meaning) and in the order that leaves no padding.
package layout

import (
	"fmt"
	"reflect"
	"strings"
)

// ANCHOR: reading
// Reading is a sensor sample with its fields in the order they were thought of.
type Reading struct {
	Valid   bool
	Value   float64
	Sensor  uint32
	At      int64 // Unix nanoseconds
	Unit    uint32
	Quality uint8
}

// PackedReading holds the same fields, the 8-byte ones first.
type PackedReading struct {
	Value   float64
	At      int64
	Sensor  uint32
	Unit    uint32
	Valid   bool
	Quality uint8
}

// ANCHOR_END: reading

// ANCHOR: session
// Session is a login session as someone would write it.
type Session struct {
	Active    bool
	UserID    int64
	Token     string
	Admin     bool
	ExpiresAt int64
}

// PackedSession is Session with its 8-byte-aligned fields first.
type PackedSession struct {
	Token     string
	UserID    int64
	ExpiresAt int64
	Active    bool
	Admin     bool
}

// ANCHOR_END: session

// ANCHOR: zerosize
// Marked ends in a zero-size field, so the compiler pads it by a byte (then to 8).
type Marked struct {
	Seq  int64
	Done struct{}
}

// MarkedFirst puts the zero-size field first, where it costs nothing.
type MarkedFirst struct {
	Done struct{}
	Seq  int64
}

// MarkedPadded ends in padding already: the extra byte fits in it, and the size stays 16, as
// without the marker.
type MarkedPadded struct {
	Seq   int64
	Ready bool
	Done  struct{}
}

// ANCHOR_END: zerosize

// ANCHOR: pointerbytes
// Counters has no padding, but its only pointer comes after two integers.
type Counters struct {
	Hits   int64
	Misses int64
	Name   *string
}

// ANCHOR_END: pointerbytes

// Describe prints one line per field (offset, size, alignment) and a line for every gap of padding,
// from the offsets reflect reports (the same numbers unsafe.Offsetof gives for each field).
func Describe(t reflect.Type) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: size %d, align %d\n", t.Name(), t.Size(), t.Align())
	var end uintptr
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Offset > end {
			fmt.Fprintf(&b, "  %3d  padding %d\n", end, f.Offset-end)
		}
		fmt.Fprintf(&b, "  %3d  %-9s %-8s size %d, align %d\n", f.Offset, f.Name, f.Type, f.Type.Size(), f.Type.Align())
		end = f.Offset + f.Type.Size()
	}
	if t.Size() > end {
		fmt.Fprintf(&b, "  %3d  padding %d\n", end, t.Size()-end)
	}
	return b.String()
}
