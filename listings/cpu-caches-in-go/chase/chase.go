// Package chase measures the latency of memory loads: each load's address
// comes from the previous load, so the CPU cannot start the next one early.
package chase

import (
	"fmt"
	"math/rand/v2"
	"unsafe"
)

// ANCHOR: ring
// LineBytes is the size of one node: a 64-byte cache line on amd64, so
// every step of a chase touches a different line.
const LineBytes = 64

// node fills a line; only next is read.
type node struct {
	next int
	_    [LineBytes - unsafe.Sizeof(int(0))]byte
}

// Ring is a single cycle through all its nodes, with the place the last
// chase stopped at.
type Ring struct {
	nodes []node
	at    int
}

// NewRing links size/LineBytes nodes into one cycle. Random order (Sattolo's
// algorithm) defeats the prefetchers; sequential order lets them work.
func NewRing(size int64, random bool, seed uint64) (*Ring, error) {
	n := int(size / LineBytes)
	if n < 2 || size%LineBytes != 0 {
		return nil, fmt.Errorf("chase: ring size %d: expected a multiple of %d bytes, at least two lines", size, LineBytes)
	}
	order := make([]int, n) // order[k] is the k-th node visited
	for i := range order {
		order[i] = i
	}
	if random {
		rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
		for i := n - 1; i > 0; i-- { // Sattolo: j < i, so the result is one cycle
			j := rng.IntN(i)
			order[i], order[j] = order[j], order[i]
		}
	}
	r := &Ring{nodes: make([]node, n)}
	for k, from := range order {
		r.nodes[from].next = order[(k+1)%n]
	}
	return r, nil
}

// Chase follows steps links from where the last chase stopped (node 0 at
// first) and returns where it stops now. Carrying on, rather than starting
// over, makes successive chases walk the whole ring: the working set is the
// ring, not the first steps of it.
func (r *Ring) Chase(steps int) int {
	at := r.at
	for range steps {
		at = r.nodes[at].next
	}
	r.at = at
	return at
}

// ANCHOR_END: ring

// Len is the number of nodes; Aligned reports whether the first node starts
// on a line boundary, so that each node is exactly one line.
func (r *Ring) Len() int { return len(r.nodes) }

func (r *Ring) Aligned() bool { return uintptr(unsafe.Pointer(&r.nodes[0]))%LineBytes == 0 }
