package racemap

import (
	"fmt"
	"maps"
	"slices"
)

func ExampleCount() {
	counts := Count([][]string{{"go", "rust", "go"}, {"rust", "go"}})
	for _, word := range slices.Sorted(maps.Keys(counts)) {
		fmt.Println(word, counts[word])
	}
	// Output:
	// go 3
	// rust 2
}
