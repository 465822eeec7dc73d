// Package marking builds two heaps with the same objects and different
// shapes, to time how long the collector takes to mark each: one where
// neighbours in memory are found together, and one where every step of
// the mark lands on a different page.
package marking

import "math/rand/v2"

// Node is 32 bytes: one pointer and three words of data, the kind of
// small object Green Tea scans a page at a time.
type Node struct {
	Next *Node
	Data [3]int64
}

// ANCHOR: shapes
// Dense returns n nodes allocated one after another and reachable from one
// slice: the mark finds many objects on each page at once.
func Dense(n int) []*Node {
	nodes := make([]*Node, n)
	for i := range nodes {
		nodes[i] = &Node{Data: [3]int64{int64(i)}}
	}
	return nodes
}

// Chain returns the head of a list through n nodes that visits them in a
// random order of allocation: the mark follows one pointer at a time, and
// consecutive steps land on different pages.
func Chain(n int, seed uint64) *Node {
	nodes := Dense(n)
	rng := rand.New(rand.NewPCG(seed, seed))
	rng.Shuffle(len(nodes), func(i, j int) { nodes[i], nodes[j] = nodes[j], nodes[i] })
	for i := 1; i < len(nodes); i++ {
		nodes[i-1].Next = nodes[i]
	}
	return nodes[0]
}

// ANCHOR_END: shapes

// Len counts the nodes of a chain.
func Len(head *Node) int {
	n := 0
	for ; head != nil; head = head.Next {
		n++
	}
	return n
}
