//go:build racedemo

package racemap

import "sync"

// ANCHOR: racy
// CountRacy is Count without the mutex. It compiles, and go vet passes it.
func CountRacy(chunks [][]string) map[string]int {
	counts := map[string]int{}
	var wg sync.WaitGroup
	for _, chunk := range chunks {
		wg.Go(func() {
			for _, word := range chunk {
				counts[word]++ // every goroutine writes the same map
			}
		})
	}
	wg.Wait()
	return counts
}

// ANCHOR_END: racy
