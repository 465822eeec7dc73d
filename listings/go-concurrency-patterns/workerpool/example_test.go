package workerpool_test

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"

	"playbook.example/go-concurrency-patterns/workerpool"
)

// ANCHOR: example
func ExampleProcess() {
	jobs := make(chan string)
	go func() {
		defer close(jobs) // the producer owns the channel, so it closes it
		for _, invoice := range []string{"inv-1", "inv-2", "inv-3", "inv-4"} {
			jobs <- invoice
		}
	}()

	var rendered atomic.Int64
	// CPU-bound work: one worker per P the scheduler will actually run.
	err := workerpool.Process(context.Background(), runtime.GOMAXPROCS(0), jobs,
		func(ctx context.Context, invoice string) { rendered.Add(1) })
	fmt.Println(rendered.Load(), "invoices rendered, err =", err)
	// Output: 4 invoices rendered, err = <nil>
}

// ANCHOR_END: example
