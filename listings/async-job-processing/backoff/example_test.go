package backoff_test

import (
	"fmt"
	"math/rand/v2"
	"time"

	"playbook.example/async-job-processing/backoff"
)

// ANCHOR: example
func ExamplePolicy() {
	r := rand.New(rand.NewPCG(2019, 4)) // seeded: the same draws on every run
	p := backoff.Policy{Base: time.Second, Cap: 5 * time.Minute, Rand: r.Float64}
	fmt.Println("attempt  ceiling  delay")
	for _, attempt := range []int{1, 2, 3, 4, 5, 8, 9, 10, 20} {
		fmt.Printf("%7d  %7v  %v\n", attempt, p.Ceiling(attempt), p.Delay(attempt).Round(time.Millisecond))
	}
	// Output:
	// attempt  ceiling  delay
	//       1       1s  71ms
	//       2       2s  1.988s
	//       3       4s  2.159s
	//       4       8s  4.796s
	//       5      16s  3.484s
	//       8     2m8s  1m58.143s
	//       9    4m16s  2m40.555s
	//      10     5m0s  4m43.599s
	//      20     5m0s  2m15.214s
}

// ANCHOR_END: example
