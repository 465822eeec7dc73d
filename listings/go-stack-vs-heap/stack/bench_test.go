package stack

import (
	"strconv"
	"testing"
)

// ANCHOR: bench
// BenchmarkDescend runs Descend to a given depth on a new goroutine each time, whose stack
// starts small and is copied to a larger one every time it fills, and on one reused goroutine
// whose stack already grew on its first run.
func BenchmarkDescend(b *testing.B) {
	for _, depth := range []int{2, 100, 1000, 10000} {
		b.Run("depth="+strconv.Itoa(depth)+"/goroutine=new", func(b *testing.B) {
			done := make(chan int)
			for b.Loop() {
				go func() { done <- Descend(depth) }()
				<-done
			}
		})
		b.Run("depth="+strconv.Itoa(depth)+"/goroutine=reused", func(b *testing.B) {
			work, done := make(chan int), make(chan int)
			go func() {
				for d := range work {
					done <- Descend(d)
				}
			}()
			for b.Loop() {
				work <- depth
				<-done
			}
			close(work)
		})
	}
}

// ANCHOR_END: bench
