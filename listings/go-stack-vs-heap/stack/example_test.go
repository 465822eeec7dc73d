package stack

import (
	"fmt"
	"runtime"
	"unsafe"
)

// ANCHOR: moved
func ExampleDescend_moved() {
	moved := make(chan bool)
	go func() {
		var local int
		before := uintptr(unsafe.Pointer(&local)) // an address as a number: local does not escape
		Descend(100)                              // about 28 KiB of frames: the stack must grow
		moved <- uintptr(unsafe.Pointer(&local)) != before
	}()
	fmt.Println("the goroutine's local variable moved:", <-moved)
	// Output:
	// the goroutine's local variable moved: true
}

// ANCHOR_END: moved

// ANCHOR: adaptive
func ExampleStartingSize() {
	fmt.Println("before:", StartingSize())
	release := ParkDeep(64, 60) // 64 goroutines, each about 18 KiB deep
	runtime.GC()                // the collector measures the stacks it scans
	fmt.Println("after a GC that scanned 64 deep stacks:", StartingSize())
	release()
	// Output:
	// before: 2048
	// after a GC that scanned 64 deep stacks: 32768
}

// ANCHOR_END: adaptive
