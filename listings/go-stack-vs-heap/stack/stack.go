// Package stack shows goroutine stacks at run time: the size they start with, how they grow
// by being copied, and what that growth costs.
package stack

import (
	"runtime/metrics"
	"sync"
)

// ANCHOR: descend
// Descend calls itself depth times. Each call's frame holds a 256-byte array, so a deep
// descent needs far more than the few KiB a goroutine starts with.
//
//go:noinline
func Descend(depth int) int {
	var frame [256]byte
	frame[depth%len(frame)] = 1
	if depth == 0 {
		return int(frame[0])
	}
	return Descend(depth-1) + int(frame[depth%len(frame)])
}

// ANCHOR_END: descend

// ANCHOR: starting-size
// StartingSize reads the size new goroutines get for their stack.
func StartingSize() uint64 {
	sample := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(sample)
	return sample[0].Value.Uint64()
}

// ANCHOR_END: starting-size

// ParkDeep starts n goroutines that each descend depth calls and wait there, and returns
// once all of them are waiting; calling the returned function lets them finish.
func ParkDeep(n, depth int) (release func()) {
	parked, done := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { descendAndWait(depth, parked, done) })
		<-parked
	}
	return func() {
		close(done)
		wg.Wait()
	}
}

//go:noinline
func descendAndWait(depth int, parked chan<- struct{}, done <-chan struct{}) int {
	var frame [256]byte
	frame[depth%len(frame)] = 1
	if depth == 0 {
		parked <- struct{}{}
		<-done
		return int(frame[0])
	}
	return descendAndWait(depth-1, parked, done) + int(frame[depth%len(frame)])
}
