package cache

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// ANCHOR: put
// Put is write-through: once the source of truth has committed v, write v to the cache as well.
// It reports whether v was stored, which is always unless the cache is versioned (c.Version)
// and already holds a version at least as new.
func (c *Cache[V]) Put(ctx context.Context, key string, v V) (bool, error) {
	return c.store(ctx, key, entry[V]{Value: v}, Jittered(c.TTL, c.Spread, c.random()))
}

// ANCHOR_END: put

// ANCHOR: putifnewer
// putIfNewer stores ARGV[1] at KEYS[1] for ARGV[3] ms unless the key holds a version at least
// ARGV[2]. Redis runs a script atomically: no command lands between its read and its write. A
// cached absence is written at version 0, so it never replaces a value.
var putIfNewer = redis.NewScript(`
local held = redis.call('GET', KEYS[1])
if held and (cjson.decode(held).version or 0) >= tonumber(ARGV[2]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1`)

func (c *Cache[V]) storeIfNewer(ctx context.Context, key, payload string, version int64, ttl time.Duration) (bool, error) {
	stored, err := putIfNewer.Run(ctx, c.Redis, []string{key}, payload, version, ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("cache: put %s: %w", key, err)
	}
	return stored == 1, nil
}

// ANCHOR_END: putifnewer
