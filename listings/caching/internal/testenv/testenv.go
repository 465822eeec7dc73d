// Package testenv gives the chapter's tests what they run against: a fresh PostgreSQL database
// with the catalog's schema, and the Redis server, both from the environment that the book's
// listings runner sets (libpq's PG* variables and REDIS_URL).
package testenv

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"playbook.example/caching/catalog"
)

var databases atomic.Int64

// Catalog returns a store on a database of its own, created with the catalog's schema and
// dropped when the test ends.
func Catalog(t testing.TB) *catalog.Store {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run these tests through `make listings`, which starts PostgreSQL 18, or set PGHOST, PGPORT, PGUSER and PGPASSWORD")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, "")
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("caching_%.30s_%d_%d", strings.ToLower(sanitize(t.Name())), os.Getpid(), databases.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(context.Background(), "")
		if err != nil {
			t.Errorf("connect to drop %s: %v", name, err)
			return
		}
		defer admin.Close(context.Background())
		if _, err := admin.Exec(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	config, err := pgxpool.ParseConfig("dbname=" + name)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		t.Fatalf("connect to %s: %v", name, err)
	}
	t.Cleanup(pool.Close)
	store := &catalog.Store{DB: pool}
	if err := store.Setup(ctx); err != nil {
		t.Fatalf("create the schema: %v", err)
	}
	return store
}

// Redis returns a client of the run's Redis server. Tests of several packages share that server
// at the same time, so each test names its keys with Key instead of emptying the server.
func Redis(t testing.TB) *redis.Client {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		t.Fatal("REDIS_URL is not set: run these tests through `make listings`, which starts Redis, or set REDIS_URL")
	}
	options, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	client := redis.NewClient(options)
	t.Cleanup(func() { client.Close() })
	return client
}

var keys atomic.Int64

// Key returns a Redis key that no other test, and no other run of the same test, uses: the
// test's name, the process, a counter and name. (go test -count=N runs a test N times in one
// process, against the same server.)
func Key(t testing.TB, name string) string {
	return fmt.Sprintf("%s:%d:%d:%s", sanitize(t.Name()), os.Getpid(), keys.Add(1), name)
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, s)
}
