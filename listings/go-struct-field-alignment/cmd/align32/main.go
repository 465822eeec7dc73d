// Command align32 prints where the fields of a few structs land on the platform it runs on, and
// whether 64-bit atomic operations on them work there. Its test runs it on amd64 and, built with
// GOARCH=386, as a 32-bit program.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"playbook.example/go-struct-field-alignment/layout"
)

// ANCHOR: stats
// Stats is a struct as written: Hits, updated with atomic.AddInt64, is the first word.
type Stats struct {
	Hits  int64
	Name  *string
	Ready bool
}

// FixedStats is Stats in the order `fieldalignment -fix` gives it (the lint test checks this).
type FixedStats struct {
	Name  *string
	Hits  int64
	Ready bool
}

// TypedStats declares Hits as atomic.Int64, which is 8-byte aligned wherever it sits.
type TypedStats struct {
	Name  *string
	Hits  atomic.Int64
	Ready bool
}

// ANCHOR_END: stats

// ANCHOR: try
// try runs an atomic increment and reports the panic it may cause.
func try(name string, offset uintptr, increment func()) {
	result := "ok"
	func() {
		defer func() {
			if r := recover(); r != nil {
				result = fmt.Sprint("panic: ", r)
			}
		}()
		increment()
	}()
	fmt.Printf("%-10s Hits at offset %2d: %s\n", name, offset, result)
}

func main() {
	fmt.Println("GOARCH", runtime.GOARCH)
	fmt.Println("int64: size", unsafe.Sizeof(int64(0)), "align", unsafe.Alignof(int64(0)))
	fmt.Println("atomic.Int64: size", unsafe.Sizeof(atomic.Int64{}), "align", unsafe.Alignof(atomic.Int64{}))
	fmt.Println("Reading", unsafe.Sizeof(layout.Reading{}), "PackedReading", unsafe.Sizeof(layout.PackedReading{}))
	fmt.Println("Session", unsafe.Sizeof(layout.Session{}), "PackedSession", unsafe.Sizeof(layout.PackedSession{}))

	s, f, typed := new(Stats), new(FixedStats), new(TypedStats)
	try("Stats", unsafe.Offsetof(s.Hits), func() { atomic.AddInt64(&s.Hits, 1) })
	try("FixedStats", unsafe.Offsetof(f.Hits), func() { atomic.AddInt64(&f.Hits, 1) })
	try("TypedStats", unsafe.Offsetof(typed.Hits), func() { typed.Hits.Add(1) })
}

// ANCHOR_END: try
