// Command growth prints how many heap allocations, and how many bytes, three ways of building
// a slice of n int64s cost per call. Go 1.25 and 1.26 moved the small cases to the stack; the
// test runs this program with and without those changes (-d=variablemakehash=n turns them off)
// and with Go 1.27.
package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// ANCHOR: functions
// SumWindow makes a slice whose length is known only at run time (stack-allocated when small
// since Go 1.25).
//
//go:noinline
func SumWindow(n int) int64 {
	window := make([]int64, n)
	for i := range window {
		window[i] = int64(i)
	}
	return sum(window)
}

// SumSquares grows a slice with append and keeps it to itself (its first backing array can
// come from the stack since Go 1.26).
//
//go:noinline
func SumSquares(n int) int64 {
	var squares []int64
	for i := range n {
		squares = append(squares, int64(i*i))
	}
	return sum(squares)
}

// Squares grows a slice with append and returns it (since Go 1.26 it is built on the stack
// and copied to the heap once, at the return).
//
//go:noinline
func Squares(n int) []int64 {
	var squares []int64
	for i := range n {
		squares = append(squares, int64(i*i))
	}
	return squares
}

// ANCHOR_END: functions

//go:noinline
func sum(values []int64) int64 {
	var total int64
	for _, v := range values {
		total += v
	}
	return total
}

var kept []int64

// perCall runs f many times and returns the heap allocations and bytes of one call.
func perCall(f func()) (allocs, bytes uint64) {
	const runs = 1000
	f()                                              // a first call may set things up
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no collection, and none of its own allocations, while counting
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.Mallocs - before.Mallocs) / runs, (after.TotalAlloc - before.TotalAlloc) / runs
}

func main() {
	fmt.Println("  n  SumWindow  SumSquares  Squares    (allocations/bytes per call)")
	for _, n := range []int{1, 2, 3, 4, 5, 8, 9, 16, 17, 100} {
		window, windowBytes := perCall(func() { SumWindow(n) })
		local, localBytes := perCall(func() { SumSquares(n) })
		returned, returnedBytes := perCall(func() { kept = Squares(n) })
		fmt.Printf("%3d  %9s  %10s  %7s\n", n,
			fmt.Sprintf("%d/%d", window, windowBytes),
			fmt.Sprintf("%d/%d", local, localBytes),
			fmt.Sprintf("%d/%d", returned, returnedBytes))
	}
}
