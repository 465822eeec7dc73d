package cache

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/redis/go-redis/v9"
)

// ANCHOR: recomputeearly
// RecomputeEarly is XFetch's test (Vattani, Chierichetti and Lowenstein, VLDB 2015): a reader
// at now recomputes a value that expires at expiry, and took delta to compute, when
//
//	now − delta·beta·ln(u) ≥ expiry,   u uniform in (0, 1].
//
// −ln(u) is exponentially distributed: far from expiry almost no reader volunteers; within a few
// deltas of it, one usually does, while the others keep reading the cached value.
func RecomputeEarly(now, expiry time.Time, delta time.Duration, beta, u float64) bool {
	// In float64: with u close to 0 the gap exceeds any time.Duration.
	gap := float64(delta) * beta * -math.Log(u)
	return gap >= float64(expiry.Sub(now))
}

// ANCHOR_END: recomputeearly

// ANCHOR: getxfetch
// GetXFetch is cache-aside with early probabilistic refresh: each hit may volunteer to recompute
// the value before it expires, so a popular key is refreshed while it is still cached.
func (c *Cache[V]) GetXFetch(ctx context.Context, key string, load Loader[V]) (V, error) {
	if v, keep, err := c.lookupEarly(ctx, key); keep || err != nil {
		return v, err
	}
	return c.refresh(ctx, key, load)
}

// lookupEarly reads key and reports whether this reader should keep the cached value (keep)
// rather than recompute it: the key holds a value and the reader did not volunteer.
func (c *Cache[V]) lookupEarly(ctx context.Context, key string) (v V, keep bool, err error) {
	payload, err := c.Redis.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("cache: get %s: %w", key, err)
	}
	e, err := decode[V](key, payload)
	if err != nil {
		return v, false, err
	}
	if RecomputeEarly(time.Now(), time.UnixMilli(e.ExpiresMS), e.Delta, c.beta(), 1-c.random()) {
		return v, false, nil
	}
	v, err = c.result(e)
	return v, true, err
}

// refresh recomputes the value and stores it with how long that took (Δ) and its expiry.
func (c *Cache[V]) refresh(ctx context.Context, key string, load Loader[V]) (V, error) {
	start := time.Now()
	v, loadErr := load(ctx)
	if loadErr != nil {
		return v, loadErr
	}
	ttl := Jittered(c.TTL, c.Spread, c.random())
	loaded := time.Now()
	e := entry[V]{Value: v, Delta: loaded.Sub(start), ExpiresMS: loaded.Add(ttl).UnixMilli()}
	_, err := c.store(ctx, key, e, ttl)
	return v, err
}

// ANCHOR_END: getxfetch

func (c *Cache[V]) beta() float64 {
	if c.Beta == 0 {
		return 1
	}
	return c.Beta
}

// Delta reads the Δ stored in key's entry: how long its value took to compute when it was last
// refreshed. found is false when the key holds nothing.
func (c *Cache[V]) Delta(ctx context.Context, key string) (delta time.Duration, found bool, err error) {
	payload, err := c.Redis.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("cache: get %s: %w", key, err)
	}
	e, err := decode[V](key, payload)
	return e.Delta, err == nil, err
}
