// Package cache puts Redis in front of a slower source of truth, in the patterns the chapter
// compares: cache-aside with invalidation, write-through, leases against stale sets and
// stampedes, request coalescing, early probabilistic refresh (XFetch), TTL jitter and negative
// caching. Values are stored as JSON.
package cache

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"
)

// A Loader reads a value from the source of truth.
type Loader[V any] func(ctx context.Context) (V, error)

// Config says how long entries live and how misses and writes are handled.
type Config[V any] struct {
	TTL    time.Duration // how long a value stays cached
	Spread float64       // TTL jitter: each entry lives TTL ± up to Spread×TTL (0: no jitter)

	NotFound    error         // the error a loader returns for a value that does not exist
	NegativeTTL time.Duration // how long that absence is cached (0: never)

	// Version, if set, makes every write conditional: it replaces only an older version of the
	// value (see PutIfNewer), so writes that arrive out of order cannot go back in time.
	Version func(V) int64

	LeaseTTL  time.Duration // leases: how long the holder of a lease has to fill the key
	LeaseWait time.Duration // leases: how long a reader without the lease waits before looking again

	Beta   float64        // XFetch: >1 recomputes earlier, <1 later (0 means 1)
	Random func() float64 // uniform in [0, 1); nil means math/rand/v2's Float64
}

// Cache is a cache of values of type V in Redis.
type Cache[V any] struct {
	Redis redis.Cmdable // a *redis.Client, a *redis.ClusterClient, or a pipeline of either
	Config[V]
}

// entry is what a Redis key holds. A cached absence has Absent set. Version is the source's
// version of the value (PutIfNewer compares it); Delta and ExpiresMS are XFetch's bookkeeping.
type entry[V any] struct {
	Value     V             `json:"value"`
	Absent    bool          `json:"absent,omitempty"`
	Version   int64         `json:"version,omitempty"`
	Delta     time.Duration `json:"delta_ns,omitempty"`
	ExpiresMS int64         `json:"expires_unix_ms,omitempty"`
}

// ANCHOR: aside
// Get is cache-aside: a hit is served from Redis; a miss loads from the source of truth and
// fills the cache for the next reader.
func (c *Cache[V]) Get(ctx context.Context, key string, load Loader[V]) (V, error) {
	if v, found, err := c.Lookup(ctx, key); found || err != nil {
		return v, err
	}
	return c.Fill(ctx, key, load)
}

// Lookup reads key. found reports a hit; a cached absence is a hit that returns c.NotFound.
func (c *Cache[V]) Lookup(ctx context.Context, key string) (v V, found bool, err error) {
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
	v, err = c.result(e)
	return v, true, err
}

// Fill loads the value and stores it (or its absence) for the next reader.
func (c *Cache[V]) Fill(ctx context.Context, key string, load Loader[V]) (V, error) {
	v, loadErr := load(ctx)
	if e, ttl, ok := c.entryFor(v, loadErr); ok {
		if _, err := c.store(ctx, key, e, ttl); err != nil {
			return v, err
		}
	}
	return v, loadErr
}

// Invalidate removes key, and any lease on it, after the source of truth has changed.
func (c *Cache[V]) Invalidate(ctx context.Context, key string) error {
	if err := c.Redis.Del(ctx, key, leaseKey(key)).Err(); err != nil {
		return fmt.Errorf("cache: invalidate %s: %w", key, err)
	}
	return nil
}

// ANCHOR_END: aside

// ANCHOR: entryfor
// entryFor decides what a load leaves in the cache: the value for a jittered TTL, the absence of
// a value for the negative TTL, or nothing at all (any other error is not cached).
func (c *Cache[V]) entryFor(v V, loadErr error) (entry[V], time.Duration, bool) {
	switch {
	case loadErr == nil:
		return entry[V]{Value: v}, Jittered(c.TTL, c.Spread, c.random()), true
	case c.NegativeTTL > 0 && c.NotFound != nil && errors.Is(loadErr, c.NotFound):
		return entry[V]{Absent: true}, c.NegativeTTL, true
	default:
		return entry[V]{}, 0, false
	}
}

// ANCHOR_END: entryfor

func (c *Cache[V]) result(e entry[V]) (V, error) {
	if e.Absent {
		var zero V
		return zero, c.NotFound
	}
	return e.Value, nil
}

// store writes e to key for ttl and reports whether it did: a versioned cache refuses an entry
// older than the one it holds.
func (c *Cache[V]) store(ctx context.Context, key string, e entry[V], ttl time.Duration) (bool, error) {
	if c.Version != nil && !e.Absent {
		e.Version = c.Version(e.Value)
	}
	encoded, err := json.Marshal(e)
	if err != nil {
		return false, fmt.Errorf("cache: encode %s: %w", key, err)
	}
	if c.Version != nil {
		return c.storeIfNewer(ctx, key, string(encoded), e.Version, ttl)
	}
	if err := c.Redis.Set(ctx, key, encoded, ttl).Err(); err != nil {
		return false, fmt.Errorf("cache: set %s: %w", key, err)
	}
	return true, nil
}

func (c *Cache[V]) random() float64 {
	if c.Random != nil {
		return c.Random()
	}
	return rand.Float64()
}

func decode[V any](key, payload string) (entry[V], error) {
	var e entry[V]
	if err := json.Unmarshal([]byte(payload), &e); err != nil {
		return e, fmt.Errorf("cache: decode %s: %w", key, err)
	}
	return e, nil
}

// ANCHOR: jitter
// Jittered moves ttl by up to ±spread×ttl, u (uniform in [0, 1)) choosing where: keys filled
// together then expire spread out over 2×spread×ttl instead of in the same instant.
func Jittered(ttl time.Duration, spread, u float64) time.Duration {
	return ttl + time.Duration((2*u-1)*spread*float64(ttl))
}

// ANCHOR_END: jitter
