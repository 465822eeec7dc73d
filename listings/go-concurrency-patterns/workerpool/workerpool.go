// Package workerpool runs a fixed number of goroutines over a stream of jobs.
package workerpool

import (
	"context"
	"sync"
)

// ANCHOR: process
// Process hands every job received from jobs to handle, running at most
// workers handlers at once. It returns when jobs is closed and drained, or
// when ctx is done and the handlers in flight have returned; jobs still in
// the channel are then left for the caller. The error is the context's
// cause, or nil if ctx was not canceled.
func Process[J any](ctx context.Context, workers int, jobs <-chan J, handle func(context.Context, J)) error {
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				// Checked first so that a canceled pool stops even
				// while jobs are still ready: select picks randomly
				// among ready cases.
				if ctx.Err() != nil {
					return
				}
				select {
				case <-ctx.Done():
					return
				case job, ok := <-jobs:
					if !ok {
						return
					}
					handle(ctx, job)
				}
			}
		})
	}
	wg.Wait()
	return context.Cause(ctx)
}

// ANCHOR_END: process
