// Command overflow lowers the stack limit to 1 MiB and recurses until it is exceeded, which
// the runtime reports as a fatal error: it cannot be recovered.
package main

import (
	"fmt"
	"runtime/debug"
)

// ANCHOR: overflow
// recurse never stops; each call takes a frame with a 128-byte array.
//
//go:noinline
func recurse(depth int) int {
	var frame [128]byte
	frame[depth%len(frame)] = 1
	return recurse(depth+1) + int(frame[0])
}

func main() {
	previous := debug.SetMaxStack(1 << 20)
	fmt.Println("previous limit:", previous)
	recurse(0)
}

// ANCHOR_END: overflow
