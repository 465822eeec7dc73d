// Command slicebugs runs two functions whose append-built slices Go 1.26's stack allocation got
// wrong: digits (Go issue 79909, fixed in Go 1.26.9 and Go 1.27.0) and counters (Go issue 81612,
// fixed in Go 1.26.9 and Go 1.27.2). The language fixes what each must print: "digits: 1234"
// and "hits: 7 7". The record slicebugs runs it with each toolchain (cmd/builds).
package main

import "fmt"

var lastBatch []int

// ANCHOR: digits
// digits builds [1 2 3 4] with append, then ranges over it. During the first iteration it
// starts a new batch after the last element and appends two 9s to it. The array has no room
// after the 4, so that append must get a new array and leave the one range reads alone.
//
//go:noinline
func digits() int {
	var batch []int
	for d := 1; d <= 4; d++ {
		batch = append(batch, d)
	}
	number := 0
	for i, d := range batch {
		number = number*10 + d
		if i == 0 {
			batch = batch[len(batch):]
			batch = append(batch, 9, 9)
		}
	}
	lastBatch = batch
	return number
}

// ANCHOR_END: digits

// ANCHOR: counters
type counter struct {
	id, hits int
}

// firstHits points at the hits of the first counter that counters returned.
var firstHits *int

// counters builds two counters with append, keeps the address of the first one's hits in a
// package variable and returns the slice: both must refer to the same counter afterwards.
//
//go:noinline
func counters() []counter {
	var all []counter
	for id := range 2 {
		all = append(all, counter{id: id})
	}
	firstHits = &all[0].hits
	return all
}

// ANCHOR_END: counters

func main() {
	fmt.Println("digits:", digits())
	all := counters()
	*firstHits = 7
	fmt.Println("hits:", all[0].hits, *firstHits)
}
