package pipeline_test

import (
	"context"
	"fmt"
	"slices"

	"playbook.example/go-concurrency-patterns/pipeline"
)

func ExampleCountStatuses() {
	log := []string{
		"GET /orders 200",
		"POST /orders 201",
		"GET /orders/7 404",
		"GET /orders 200",
		"GET /health 200",
	}
	counts, err := pipeline.CountStatuses(context.Background(), slices.Values(log), 2)
	fmt.Println(counts, err) // fmt prints map keys in sorted order
	// Output: map[200:3 201:1 404:1] <nil>
}
