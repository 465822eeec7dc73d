// The offsets and sizes below are those of 64-bit platforms; cmd/align32 shows the 32-bit ones.
//go:build amd64 || arm64

package layout_test

import (
	"fmt"
	"reflect"
	"structs"
	"unsafe"

	"playbook.example/go-struct-field-alignment/layout"
)

// ANCHOR: unsafe
func Example_unsafe() {
	var r layout.Reading
	fmt.Println("Reading: size", unsafe.Sizeof(r), "align", unsafe.Alignof(r))
	fmt.Println("Valid   at", unsafe.Offsetof(r.Valid), "size", unsafe.Sizeof(r.Valid))
	fmt.Println("Value   at", unsafe.Offsetof(r.Value), "size", unsafe.Sizeof(r.Value))
	fmt.Println("Sensor  at", unsafe.Offsetof(r.Sensor), "size", unsafe.Sizeof(r.Sensor))
	fmt.Println("At      at", unsafe.Offsetof(r.At), "size", unsafe.Sizeof(r.At))
	fmt.Println("Unit    at", unsafe.Offsetof(r.Unit), "size", unsafe.Sizeof(r.Unit))
	fmt.Println("Quality at", unsafe.Offsetof(r.Quality), "size", unsafe.Sizeof(r.Quality))
	fmt.Println("PackedReading: size", unsafe.Sizeof(layout.PackedReading{}))
	// Output:
	// Reading: size 40 align 8
	// Valid   at 0 size 1
	// Value   at 8 size 8
	// Sensor  at 16 size 4
	// At      at 24 size 8
	// Unit    at 32 size 4
	// Quality at 36 size 1
	// PackedReading: size 32
}

// ANCHOR_END: unsafe

// ANCHOR: describe
func ExampleDescribe() {
	fmt.Print(layout.Describe(reflect.TypeFor[layout.Session]()))
	fmt.Print(layout.Describe(reflect.TypeFor[layout.PackedSession]()))
	// Output:
	// Session: size 48, align 8
	//     0  Active    bool     size 1, align 1
	//     1  padding 7
	//     8  UserID    int64    size 8, align 8
	//    16  Token     string   size 16, align 8
	//    32  Admin     bool     size 1, align 1
	//    33  padding 7
	//    40  ExpiresAt int64    size 8, align 8
	// PackedSession: size 40, align 8
	//     0  Token     string   size 16, align 8
	//    16  UserID    int64    size 8, align 8
	//    24  ExpiresAt int64    size 8, align 8
	//    32  Active    bool     size 1, align 1
	//    33  Admin     bool     size 1, align 1
	//    34  padding 6
}

// ANCHOR_END: describe

// ANCHOR: zerosize-example
func Example_zeroSize() {
	fmt.Println(unsafe.Sizeof(layout.Marked{}), unsafe.Sizeof(layout.MarkedFirst{}))
	fmt.Println(unsafe.Sizeof(layout.MarkedPadded{}), unsafe.Sizeof(struct {
		Seq   int64
		Ready bool
	}{}))
	// Output:
	// 16 8
	// 16 16
}

// ANCHOR_END: zerosize-example

// ANCHOR: hostlayout
// Wire is a record handed to C code; HostLayout documents that, and changes nothing here.
type Wire struct {
	_    structs.HostLayout
	Kind uint8
	Size uint64
	Code uint16
}

type plainWire struct {
	Kind uint8
	Size uint64
	Code uint16
}

func Example_hostLayout() {
	var w Wire
	fmt.Println(unsafe.Sizeof(w), unsafe.Offsetof(w.Size), unsafe.Offsetof(w.Code))
	var p plainWire
	fmt.Println(unsafe.Sizeof(p), unsafe.Offsetof(p.Size), unsafe.Offsetof(p.Code))
	// Output:
	// 24 8 16
	// 24 8 16
}

// ANCHOR_END: hostlayout
