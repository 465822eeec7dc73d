// Command consistency runs the chapter's races between requests, each in one chosen order,
// against PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), and prints what every request saw.
// Each scenario is a section headed "==> name <==", and starts from a fresh product.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"playbook.example/caching/cache"
	"playbook.example/caching/catalog"
	"playbook.example/caching/interleave"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "consistency:", err)
		os.Exit(1)
	}
}

// config is the cache every scenario starts from.
var config = cache.Config[catalog.Product]{
	TTL: 10 * time.Minute, NotFound: catalog.ErrNotFound, LeaseTTL: 2 * time.Second, LeaseWait: 5 * time.Millisecond,
}

func run(ctx context.Context) error {
	if os.Getenv("DATABASE_URL") == "" || os.Getenv("REDIS_URL") == "" {
		return errors.New("DATABASE_URL and REDIS_URL must name PostgreSQL and Redis (make listings sets both)")
	}
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	defer pool.Close()
	options, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(options)
	defer rdb.Close()
	store := &catalog.Store{DB: pool}
	if err := store.Setup(ctx); err != nil {
		return err
	}

	versioned := config
	versioned.Version = func(p catalog.Product) int64 { return p.Version }
	versionedBriefly := versioned // an entry that lives briefly, so that the run can wait for it to expire
	versionedBriefly.TTL = 300 * time.Millisecond
	negative := config
	negative.NegativeTTL = time.Minute

	staleFill := func(steps ...interleave.Step) func(interleave.Env) (interleave.Trace, interleave.End, error) {
		return func(env interleave.Env) (interleave.Trace, interleave.End, error) {
			return interleave.StaleFill(ctx, env, steps...)
		}
	}
	reorder := func(env interleave.Env) (interleave.Trace, interleave.End, error) {
		return interleave.WriteReorder(ctx, env, 1100, 1200)
	}
	scenarios := []struct {
		name, title string
		config      cache.Config[catalog.Product]
		missing     bool // the product does not exist yet
		leased      bool // readers read through GetLeased, not Get
		run         func(interleave.Env) (interleave.Trace, interleave.End, error)
	}{
		{name: "stale_set", title: "cache-aside: fill on a miss, DEL after each write", config: config,
			run: staleFill(interleave.Update(1200), interleave.Invalidate, interleave.ReadC)},
		{name: "stale_set_leased", title: "cache-aside with leases: only the lease holder fills", config: config, leased: true,
			run: staleFill(interleave.Update(1200), interleave.Invalidate, interleave.ReadC)},
		{name: "write_through", title: "write-through: SET after each write", config: config, run: reorder},
		{name: "write_through_versioned", title: "write-through with versions: SET only if newer", config: versioned, run: reorder},
		{name: "write_through_fill", title: "write-through: a reader fills a miss with a plain SET", config: config,
			run: staleFill(interleave.WriteThrough(1200), interleave.ReadC)},
		{name: "write_through_versioned_expired", title: "write-through with versions: a fill that lands after the newer entry expired",
			config: versionedBriefly, run: staleFill(interleave.WriteThrough(1200), interleave.ReadC, interleave.Expire)},
		{name: "negative_create", title: "negative caching: a product created, and its key deleted, during a slow lookup",
			config: negative, missing: true, run: staleFill(interleave.Create(2500), interleave.Invalidate, interleave.ReadC)},
	}
	// Each scenario gets a product of its own (at 1000 cents, version 1, unless missing) and its key.
	for i, s := range scenarios {
		id := int64(i + 1)
		env := interleave.Env{Store: store, Cache: &cache.Cache[catalog.Product]{Redis: rdb, Config: s.config},
			ID: id, Key: fmt.Sprintf("product:%d", id)}
		env.Read = env.Cache.Get
		if s.leased {
			env.Read = env.Cache.GetLeased
		}
		if !s.missing {
			if _, err := store.Create(ctx, id, "kettle", 1000); err != nil {
				return err
			}
		}
		trace, end, err := s.run(env)
		print(s.name, s.title, trace, end)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return negativeLookups(ctx, store, rdb)
}

func print(name, title string, trace interleave.Trace, end interleave.End) {
	fmt.Printf("==> %s <==\n%s\n", name, title)
	for _, line := range trace {
		fmt.Println(line)
	}
	fmt.Println("end:", end)
}

// negativeLookups counts the queries that lookups of a missing product send to PostgreSQL with and
// without a cached absence, then shows the absence hiding a row created after it was cached.
func negativeLookups(ctx context.Context, store *catalog.Store, rdb *redis.Client) error {
	const lookups, missing = 1000, 404
	fmt.Printf("==> negative <==\n")
	env := interleave.Env{Store: store, Cache: &cache.Cache[catalog.Product]{Redis: rdb, Config: config},
		ID: missing, Key: fmt.Sprintf("product:%d", missing)}
	env.Read = env.Cache.Get
	plain, err := interleave.Lookups(ctx, env, lookups)
	if err != nil {
		return err
	}
	fmt.Printf("%d lookups of missing product %d, absence not cached: PostgreSQL queries: %d\n", lookups, missing, plain)
	env.Cache.NegativeTTL = time.Minute
	cached, err := interleave.Lookups(ctx, env, lookups)
	if err != nil {
		return err
	}
	fmt.Printf("%d lookups of missing product %d, absence cached for %v: PostgreSQL queries: %d\n",
		lookups, missing, env.Cache.NegativeTTL, cached)

	if _, err := store.Create(ctx, missing, "lamp", 2500); err != nil {
		return err
	}
	load := func(ctx context.Context) (catalog.Product, error) { return store.Product(ctx, missing) }
	_, err = env.Cache.Get(ctx, env.Key, load)
	fmt.Printf("product %d created; the next lookup returns: %v\n", missing, err)
	if err := env.Cache.Invalidate(ctx, env.Key); err != nil {
		return err
	}
	p, err := env.Cache.Get(ctx, env.Key, load)
	if err != nil {
		return err
	}
	fmt.Printf("after DEL %s, the lookup returns: price %d (version %d)\n", env.Key, p.PriceCents, p.Version)
	return nil
}
