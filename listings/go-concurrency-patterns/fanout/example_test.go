package fanout_test

import (
	"context"
	"fmt"
	"strings"

	"playbook.example/go-concurrency-patterns/fanout"
)

// ANCHOR: example
func ExampleFetchAll() {
	skus := []string{"kettle", "teapot", "mug", "saucer"}
	names, err := fanout.FetchAll(context.Background(), skus, 2,
		func(ctx context.Context, sku string) (string, error) {
			return strings.ToUpper(sku), nil // stands in for a call to the catalogue service
		})
	fmt.Println(names, err)
	// Output: [KETTLE TEAPOT MUG SAUCER] <nil>
}

// ANCHOR_END: example
