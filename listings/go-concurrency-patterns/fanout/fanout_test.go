package fanout_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/go-concurrency-patterns/fanout"
)

func keys(n int) []int {
	ks := make([]int, n)
	for i := range ks {
		ks[i] = i
	}
	return ks
}

func TestFetchAllBoundsCallsInFlightAndKeepsOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const limit = 3
		var now, peak atomic.Int64
		got, err := fanout.FetchAll(t.Context(), keys(20), limit, func(ctx context.Context, k int) (int, error) {
			n := now.Add(1)
			defer now.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			// Later keys answer sooner, so completion order differs from key order.
			time.Sleep(time.Duration(20-k) * time.Millisecond)
			return k * k, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if p := peak.Load(); p != limit {
			t.Errorf("peak calls in flight = %d, want exactly %d", p, limit)
		}
		for i, v := range got {
			if v != i*i {
				t.Fatalf("result %d = %d, want %d (results must follow key order)", i, v, i*i)
			}
		}
	})
}

func TestFetchAllFailureCancelsSiblingsAndStopsStarting(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errNotFound := errors.New("not found")
		var started atomic.Int64
		var sawCause atomic.Int64
		_, err := fanout.FetchAll(t.Context(), keys(100), 4, func(ctx context.Context, k int) (int, error) {
			started.Add(1)
			if k == 2 {
				time.Sleep(5 * time.Millisecond)
				return 0, errNotFound
			}
			select {
			case <-time.After(time.Hour): // a slow dependency
				return k, nil
			case <-ctx.Done():
				if errors.Is(context.Cause(ctx), errNotFound) {
					sawCause.Add(1)
				}
				return 0, ctx.Err()
			}
		})
		if !errors.Is(err, errNotFound) {
			t.Fatalf("FetchAll returned %v, want the first failure (%v)", err, errNotFound)
		}
		if err.Error() != "fetch 2: not found" {
			t.Errorf("error text %q does not name the failing key", err)
		}
		// Keys 0-3 fill the four slots; the loop is blocked starting key 4
		// when key 2 fails, and that freed slot is the only one it takes.
		if got := started.Load(); got != 5 {
			t.Errorf("%d calls started, want 5: no new call may start after the failure", got)
		}
		if got := sawCause.Load(); got != 4 {
			t.Errorf("%d siblings saw the failure as their context's cause, want 4", got)
		}
		if now := time.Now(); now.After(time.Date(2000, 1, 1, 0, 0, 1, 0, time.UTC)) {
			t.Errorf("FetchAll returned at %v: siblings waited for the slow dependency", now)
		}
	})
}

func TestFetchAllReturnsTheCallersCause(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errClientGone := errors.New("client went away")
		ctx, cancel := context.WithCancelCause(t.Context())
		cancel(errClientGone)
		_, err := fanout.FetchAll(ctx, keys(10), 2, func(ctx context.Context, k int) (int, error) {
			t.Errorf("fetch(%d) started although the caller had already given up", k)
			return k, nil
		})
		if !errors.Is(err, errClientGone) {
			t.Fatalf("FetchAll returned %v, want the caller's cause %v", err, errClientGone)
		}
	})
}
