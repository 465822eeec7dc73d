package retry

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

func TestFullJitterStaysWithinItsInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	base, ceiling := 100*time.Millisecond, 10*time.Second
	for _, tc := range []struct {
		attempt int
		limit   time.Duration
	}{
		{0, 100 * time.Millisecond},
		{1, 200 * time.Millisecond},
		{6, 6400 * time.Millisecond},
		{7, 10 * time.Second}, // 12.8 s, capped
		{62, 10 * time.Second},
		{1000, 10 * time.Second}, // no overflow however many attempts
	} {
		var largest time.Duration
		for range 10_000 {
			d := FullJitter(r, tc.attempt, base, ceiling)
			if d < 0 || d >= tc.limit {
				t.Fatalf("attempt %d: %v outside [0, %v)", tc.attempt, d, tc.limit)
			}
			largest = max(largest, d)
		}
		// Uniform over the interval: 10,000 draws reach its last 1% almost surely.
		if largest < tc.limit*99/100 {
			t.Errorf("attempt %d: largest of 10,000 draws %v, want close to %v", tc.attempt, largest, tc.limit)
		}
	}
}

// ANCHOR: example
func ExampleFullJitter() {
	r := rand.New(rand.NewPCG(1, 2))
	for attempt := range 5 {
		fmt.Println(attempt, FullJitter(r, attempt, 100*time.Millisecond, time.Second).Round(time.Millisecond))
	}
	// Output:
	// 0 77ms
	// 1 123ms
	// 2 314ms
	// 3 637ms
	// 4 234ms
}

// ANCHOR_END: example
