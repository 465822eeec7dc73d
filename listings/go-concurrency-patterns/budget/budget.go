// Package budget gives each call to a dependency its own time budget and
// runs post-response work that outlives the request but not the process.
package budget

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ANCHOR: stock
// ErrInventorySlow is the cause recorded when the inventory service uses up
// its budget, so logs say which dependency was slow, not just
// "context deadline exceeded".
var ErrInventorySlow = errors.New("inventory service did not answer within its budget")

// Inventory wraps the remote stock lookup with a per-call budget.
type Inventory struct {
	Budget time.Duration
	Lookup func(ctx context.Context, sku string) (int, error) // the remote call
}

// InStock returns how many units of sku are in stock. The call gets the
// smaller of the caller's remaining time and the inventory budget.
func (inv Inventory) InStock(ctx context.Context, sku string) (int, error) {
	ctx, cancel := context.WithTimeoutCause(ctx, inv.Budget, ErrInventorySlow)
	defer cancel() // releases the timer as soon as the call returns
	n, err := inv.Lookup(ctx, sku)
	if err != nil {
		if ctx.Err() != nil {
			// Our budget or the caller's deadline, whichever fired.
			return 0, fmt.Errorf("stock of %s: %w", sku, context.Cause(ctx))
		}
		return 0, fmt.Errorf("stock of %s: %w", sku, err)
	}
	return n, nil
}

// ANCHOR_END: stock

// ANCHOR: afterresponse
// AfterResponse runs work that must finish even though the request that
// asked for it has ended, such as writing an audit record.
type AfterResponse struct {
	Timeout time.Duration
	running sync.WaitGroup
}

// Go starts work with the request's values (trace ID, user) but without its
// cancellation, bounded by the AfterResponse timeout instead.
func (a *AfterResponse) Go(request context.Context, work func(context.Context)) {
	detached := context.WithoutCancel(request)
	a.running.Go(func() {
		ctx, cancel := context.WithTimeout(detached, a.Timeout)
		defer cancel()
		work(ctx)
	})
}

// Wait blocks until every started piece of work has returned; graceful
// shutdown calls it so the process does not exit under them.
func (a *AfterResponse) Wait() { a.running.Wait() }

// ANCHOR_END: afterresponse
