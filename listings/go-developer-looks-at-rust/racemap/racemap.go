// Package racemap counts words with one goroutine per chunk of input.
package racemap

import "sync"

// ANCHOR: fixed
// Count counts the words of all chunks, one goroutine per chunk; a mutex
// guards the shared map.
func Count(chunks [][]string) map[string]int {
	var (
		mu     sync.Mutex
		counts = map[string]int{}
		wg     sync.WaitGroup
	)
	for _, chunk := range chunks {
		wg.Go(func() {
			for _, word := range chunk {
				mu.Lock()
				counts[word]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return counts
}

// ANCHOR_END: fixed
