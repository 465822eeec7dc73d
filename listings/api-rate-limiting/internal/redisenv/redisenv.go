// Package redisenv connects the listings to the Redis server that `make
// listings` starts for the run and names in REDIS_URL.
package redisenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Open returns a client for REDIS_URL after checking that the server answers.
func Open(ctx context.Context) (*redis.Client, error) {
	url := os.Getenv("REDIS_URL")
	if url == "" {
		return nil, errors.New("REDIS_URL is not set: run this through `make listings`, which starts Redis, or set REDIS_URL=redis://[:password@]host:port/0")
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opt)
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("Redis at REDIS_URL (%s) does not answer PING: %w", opt.Addr, err)
	}
	return rdb, nil
}

// ForTest opens a client for a test and closes it when the test ends.
func ForTest(tb testing.TB) *redis.Client {
	tb.Helper()
	rdb, err := Open(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}

// Prefix is a key prefix that no other test or run shares: every package's
// tests run at once against the one server.
func Prefix(tb testing.TB) string {
	var b [6]byte
	rand.Read(b[:])
	return fmt.Sprintf("test:%s:%s:", tb.Name(), hex.EncodeToString(b[:]))
}
