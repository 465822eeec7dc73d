package budget_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/go-concurrency-patterns/budget"
)

var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // a synctest bubble's clock starts here

// slowLookup answers after latency, or returns ctx.Err() if ctx ends first,
// as a well-behaved client library does.
func slowLookup(latency time.Duration) func(context.Context, string) (int, error) {
	return func(ctx context.Context, sku string) (int, error) {
		select {
		case <-time.After(latency):
			return 7, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

func TestInStockWithinBudget(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inv := budget.Inventory{Budget: 150 * time.Millisecond, Lookup: slowLookup(40 * time.Millisecond)}
		if n, err := inv.InStock(t.Context(), "kettle"); n != 7 || err != nil {
			t.Fatalf("InStock = %d, %v; want 7, nil", n, err)
		}
	})
}

func TestInStockNamesTheSlowDependency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		inv := budget.Inventory{Budget: 150 * time.Millisecond, Lookup: slowLookup(time.Second)}
		_, err := inv.InStock(t.Context(), "kettle")
		if !errors.Is(err, budget.ErrInventorySlow) {
			t.Fatalf("error = %v, want it to wrap ErrInventorySlow", err)
		}
		if err.Error() != "stock of kettle: inventory service did not answer within its budget" {
			t.Errorf("error text = %q", err)
		}
		if took := time.Since(epoch); took != 150*time.Millisecond {
			t.Errorf("InStock gave up after %v, want exactly the 150ms budget", took)
		}
	})
}

func TestCallersShorterDeadlineWins(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		inv := budget.Inventory{Budget: 150 * time.Millisecond, Lookup: slowLookup(time.Second)}
		_, err := inv.InStock(ctx, "kettle")
		if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, budget.ErrInventorySlow) {
			t.Fatalf("error = %v, want the caller's DeadlineExceeded, not the inventory budget", err)
		}
		if took := time.Since(epoch); took != 50*time.Millisecond {
			t.Errorf("InStock gave up after %v, want the caller's 50ms", took)
		}
	})
}

type traceKey struct{}

func TestAfterResponseOutlivesTheRequestButNotItsTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		after := budget.AfterResponse{Timeout: 2 * time.Second}
		request, endRequest := context.WithCancel(context.WithValue(t.Context(), traceKey{}, "trace-9f2"))

		var sawTrace, finished, cutOff atomic.Bool
		after.Go(request, func(ctx context.Context) { // writes its record in 300ms
			sawTrace.Store(ctx.Value(traceKey{}) == "trace-9f2")
			select {
			case <-time.After(300 * time.Millisecond):
				finished.Store(true)
			case <-ctx.Done():
			}
		})
		after.Go(request, func(ctx context.Context) { // a stuck write
			select {
			case <-time.After(time.Hour):
			case <-ctx.Done():
				cutOff.Store(time.Since(epoch) == 2*time.Second)
			}
		})
		endRequest() // the response has been sent

		after.Wait()
		if !sawTrace.Load() {
			t.Error("the detached work lost the request's values")
		}
		if !finished.Load() {
			t.Error("ending the request canceled the detached work")
		}
		if !cutOff.Load() {
			t.Error("the stuck work was not stopped by the 2s AfterResponse timeout")
		}
	})
}
