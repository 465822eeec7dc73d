// Package falsesharing gives two goroutines a counter each, laid out three
// ways: in one cache line, one line apart, and two lines apart.
package falsesharing

import (
	"sync"
	"sync/atomic"

	"golang.org/x/sys/cpu"
)

// ANCHOR: layouts
// Adjacent puts both counters in 16 bytes: on one cache line, whatever the
// address of the struct.
type Adjacent struct {
	A atomic.Int64
	B atomic.Int64
}

// Padded separates the counters by a CacheLinePad: 64 bytes on amd64, 128
// on arm64 and ppc64, 256 on s390x. A's last byte and B's first byte are at
// least a line apart, so no line can hold both.
type Padded struct {
	A atomic.Int64
	_ cpu.CacheLinePad
	B atomic.Int64
}

// ANCHOR_END: layouts

// PaddedTwice separates the counters by two pads, for CPUs that fetch lines
// in pairs.
type PaddedTwice struct {
	A atomic.Int64
	_ [2]cpu.CacheLinePad
	B atomic.Int64
}

// ANCHOR: count
// CountBoth runs two goroutines at once; each adds 1 to its own counter n
// times. With a and b the same counter, they share it for real.
func CountBoth(a, b *atomic.Int64, n int) {
	var wg sync.WaitGroup
	for _, counter := range []*atomic.Int64{a, b} {
		wg.Go(func() {
			for range n {
				counter.Add(1)
			}
		})
	}
	wg.Wait()
}

// ANCHOR_END: count
