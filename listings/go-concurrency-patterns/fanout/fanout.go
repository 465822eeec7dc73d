// Package fanout calls a dependency for many keys at once, with a bound on
// the number of calls in flight.
package fanout

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// ANCHOR: fetchall
// FetchAll calls fetch for every key with at most limit calls in flight and
// returns the results in the order of keys. The first failed call cancels
// the context that the other calls receive, and FetchAll returns its error.
// If the caller's context ends first, FetchAll returns that context's cause.
func FetchAll[K comparable, V any](parent context.Context, keys []K, limit int,
	fetch func(context.Context, K) (V, error)) ([]V, error) {
	g, ctx := errgroup.WithContext(parent)
	g.SetLimit(limit)
	results := make([]V, len(keys)) // each goroutine writes only its own index
	for i, key := range keys {
		if ctx.Err() != nil {
			break // a call failed or the caller gave up: start no more
		}
		g.Go(func() error { // blocks while limit calls are in flight
			v, err := fetch(ctx, key)
			if err != nil {
				return fmt.Errorf("fetch %v: %w", key, err)
			}
			results[i] = v
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	if parent.Err() != nil {
		return nil, context.Cause(parent)
	}
	return results, nil
}

// ANCHOR_END: fetchall
