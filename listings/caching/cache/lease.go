package cache

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// leaseKey names the lease on key. The braces make it a Redis Cluster hash tag: only "key" is
// hashed, so the value and its lease live in the same slot, as a script touching both requires.
func leaseKey(key string) string { return "{" + key + "}:lease" }

// ANCHOR: leasescripts
// leaseGet returns {"hit", value} when KEYS[1] holds a value. On a miss it grants the lease to
// the caller's token ARGV[1] for ARGV[2] ms, unless someone else holds it: then {"wait", ""}.
var leaseGet = redis.NewScript(`
local value = redis.call('GET', KEYS[1])
if value then return {'hit', value} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'lease', ''}
end
return {'wait', ''}`)

// leaseSet stores ARGV[2] at KEYS[1] for ARGV[3] ms only if the lease still holds the caller's
// token ARGV[1]. Invalidate deletes the lease, so a value loaded before an invalidation is refused.
var leaseSet = redis.NewScript(`
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1`)

// ANCHOR_END: leasescripts

// ANCHOR: getleased
// GetLeased is cache-aside with leases, after Facebook's memcache: only the reader holding a
// key's lease loads it, the others wait for its fill, and a fill whose lease was revoked by an
// invalidation is refused instead of caching a value that may predate the write.
func (c *Cache[V]) GetLeased(ctx context.Context, key string, load Loader[V]) (V, error) {
	keys := []string{key, leaseKey(key)}
	for {
		token := strconv.FormatUint(rand.Uint64(), 36)
		reply, err := leaseGet.Run(ctx, c.Redis, keys, token, c.LeaseTTL.Milliseconds()).StringSlice()
		if err != nil {
			var zero V
			return zero, fmt.Errorf("cache: lease get %s: %w", key, err)
		}
		switch reply[0] {
		case "hit":
			e, err := decode[V](key, reply[1])
			if err != nil {
				return e.Value, err
			}
			return c.result(e)
		case "lease":
			return c.fillLeased(ctx, keys, token, load)
		}
		// Another reader holds the lease and is loading: look again shortly.
		select {
		case <-time.After(c.LeaseWait):
		case <-ctx.Done():
			var zero V
			return zero, context.Cause(ctx)
		}
	}
}

func (c *Cache[V]) fillLeased(ctx context.Context, keys []string, token string, load Loader[V]) (V, error) {
	v, loadErr := load(ctx)
	e, ttl, ok := c.entryFor(v, loadErr)
	if !ok {
		// Nothing to cache: give the lease back so the next reader need not wait for it to expire.
		if err := c.Redis.Eval(ctx, `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end`,
			keys[1:], token).Err(); err != nil && err != redis.Nil {
			return v, fmt.Errorf("cache: release lease %s: %w", keys[0], err)
		}
		return v, loadErr
	}
	payload, err := json.Marshal(e)
	if err != nil {
		return v, fmt.Errorf("cache: encode %s: %w", keys[0], err)
	}
	if err := leaseSet.Run(ctx, c.Redis, keys, token, payload, ttl.Milliseconds()).Err(); err != nil {
		return v, fmt.Errorf("cache: lease set %s: %w", keys[0], err)
	}
	return v, loadErr
}

// ANCHOR_END: getleased
