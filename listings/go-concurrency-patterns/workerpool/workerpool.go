// Package workerpool runs a fixed number of goroutines over a stream of jobs.
package workerpool

import (
	"context"
	"sync"
)

// ANCHOR: process
// Process hands every job received from jobs to handle, running at most
// workers handlers at once. It returns nil once jobs is closed and every
// received job has been handled, or the context's cause as soon as ctx is
// done and the in-flight handlers have returned. Jobs still queued in the
// channel at that point are left for the caller.
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
