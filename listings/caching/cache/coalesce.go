package cache

import (
	"context"
	"time"

	"golang.org/x/sync/singleflight"
)

// ANCHOR: coalesced
// Coalesced wraps a cache-aside Cache so that, within this process, concurrent misses on one key
// share a single load. Other processes still load on their own.
type Coalesced[V any] struct {
	Cache       *Cache[V]
	LoadTimeout time.Duration // the shared load's own deadline, independent of any caller
	group       singleflight.Group
}

// Get is Cache.Get with the misses of one key coalesced.
func (c *Coalesced[V]) Get(ctx context.Context, key string, load Loader[V]) (V, error) {
	if v, found, err := c.Cache.Lookup(ctx, key); found || err != nil {
		return v, err
	}
	return c.share(ctx, key, func(ctx context.Context) (V, error) {
		// A flight that starts just after another one filled the key finds the value here.
		if v, found, err := c.Cache.Lookup(ctx, key); found || err != nil {
			return v, err
		}
		return c.Cache.Fill(ctx, key, load)
	})
}

// share runs fn once for all the callers in this process that ask for key while it runs, and
// gives each of them its result.
func (c *Coalesced[V]) share(ctx context.Context, key string, fn Loader[V]) (V, error) {
	results := c.group.DoChan(key, func() (any, error) {
		// Detached from the caller who happened to arrive first: its cancellation must not fail
		// everyone who is waiting for the same load.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.LoadTimeout)
		defer cancel()
		return fn(ctx)
	})
	select {
	case r := <-results:
		v, _ := r.Val.(V)
		return v, r.Err
	case <-ctx.Done():
		var zero V
		return zero, context.Cause(ctx)
	}
}

// ANCHOR_END: coalesced

// ANCHOR: coalescedxfetch
// GetXFetch is Cache.GetXFetch with the early recomputations of one key in this process shared:
// the readers that volunteer while a recomputation runs wait for it instead of starting their own.
func (c *Coalesced[V]) GetXFetch(ctx context.Context, key string, load Loader[V]) (V, error) {
	if v, keep, err := c.Cache.lookupEarly(ctx, key); keep || err != nil {
		return v, err
	}
	return c.share(ctx, key, func(ctx context.Context) (V, error) {
		// A volunteer whose flight starts just after another refresh decides again, on the new entry.
		if v, keep, err := c.Cache.lookupEarly(ctx, key); keep || err != nil {
			return v, err
		}
		return c.Cache.refresh(ctx, key, load)
	})
}

// ANCHOR_END: coalescedxfetch
