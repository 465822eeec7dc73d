// Package interleave runs concurrent requests against a cache and PostgreSQL in one chosen
// order, paused and resumed at exact points, so that a race that production hits once in a
// million requests happens every time. Each scenario records what every request saw, step by
// step, and what the cache and the database hold at the end.
package interleave

import (
	"context"
	"errors"
	"fmt"
	"time"

	"playbook.example/caching/cache"
	"playbook.example/caching/catalog"
)

// Env is the product a scenario changes, its cache key, where it lives and how it is read.
type Env struct {
	Store *catalog.Store
	Cache *cache.Cache[catalog.Product]
	ID    int64
	Key   string
	Read  Read // the readers' read path
}

// A Read is a cache's read path: Cache.Get (cache-aside, and the readers of write-through) or
// Cache.GetLeased.
type Read func(ctx context.Context, key string, load cache.Loader[catalog.Product]) (catalog.Product, error)

// Trace is what happened, one step per line, each with the request that did it.
type Trace []string

func (t *Trace) add(who, format string, args ...any) {
	*t = append(*t, fmt.Sprintf("%-2s %s", who, fmt.Sprintf(format, args...)))
}

// End is the state a scenario leaves: what a reader finds in the cache and what the database holds.
type End struct {
	Cached   catalog.Product
	IsCached bool
	Absent   bool // the cache holds the product's absence (negative caching)
	Stored   catalog.Product
}

// Stale reports whether the cache holds something other than the database's row.
func (e End) Stale() bool { return e.IsCached && (e.Absent || e.Cached != e.Stored) }

func (e End) String() string {
	return fmt.Sprintf("cache: %s | database: %s | stale: %t", e.cached(), describe(e.Stored), e.Stale())
}

func (e End) cached() string {
	switch {
	case !e.IsCached:
		return "nothing"
	case e.Absent:
		return "no such product"
	}
	return describe(e.Cached)
}

func describe(p catalog.Product) string {
	return fmt.Sprintf("price %d (version %d)", p.PriceCents, p.Version)
}

// outcome is what a read returned: a product, or the answer that there is none.
func outcome(p catalog.Product, err error) string {
	if errors.Is(err, catalog.ErrNotFound) {
		return "no such product"
	}
	return describe(p)
}

func (env Env) end(ctx context.Context) (End, error) {
	cached, found, err := env.Cache.Lookup(ctx, env.Key)
	absent := found && errors.Is(err, catalog.ErrNotFound)
	if err != nil && !absent {
		return End{}, err
	}
	stored, err := env.Store.Product(ctx, env.ID)
	return End{Cached: cached, IsCached: found, Absent: absent, Stored: stored}, err
}

// traced wraps the database read of one request so that the trace shows when it ran and what it
// read; a read path that never calls it served the request from the cache.
func (env Env) traced(t *Trace, who string, pause func()) cache.Loader[catalog.Product] {
	return func(ctx context.Context) (catalog.Product, error) {
		p, err := env.Store.Product(ctx, env.ID)
		switch {
		case errors.Is(err, catalog.ErrNotFound):
			t.add(who, "miss: SELECT finds no row")
		case err != nil:
			return p, err
		default:
			t.add(who, "miss: SELECT reads %s", describe(p))
		}
		pause()
		return p, err
	}
}

// read is one read by who; "no such product" is an answer, not a failure.
func (env Env) read(ctx context.Context, t *Trace, who string) error {
	loaded := false
	p, err := env.Read(ctx, env.Key, env.traced(t, who, func() { loaded = true }))
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		return fmt.Errorf("%s: read: %w", who, err)
	}
	if !loaded {
		t.add(who, "hit: %s", outcome(p, err))
	}
	return nil
}

// A Step is what another request does while reader A is stalled, traced.
type Step func(ctx context.Context, env Env, t *Trace) error

// ANCHOR: staleset
// StaleFill runs the race that a cache filled on a miss invites. Reader A misses and reads the
// row, then stalls (a GC pause, a slow network) before it fills the cache. Meanwhile the other
// requests take their steps: a writer changes the row and the cache, a reader C reads. Then A
// resumes and fills the cache with what it read before the write, and C reads again.
func StaleFill(ctx context.Context, env Env, steps ...Step) (Trace, End, error) {
	var t Trace
	loaded, resume := make(chan struct{}), make(chan struct{})
	aDone := make(chan error, 1)
	var aRead catalog.Product
	go func() {
		var err error
		aRead, err = env.Read(ctx, env.Key, env.traced(&t, "A", func() {
			close(loaded) // A has read the row ...
			<-resume      // ... and stalls here, before it fills the cache.
		}))
		aDone <- err
	}()
	select {
	case <-loaded:
	case err := <-aDone:
		return t, End{}, fmt.Errorf("A finished without reading the database (err %v): the key was cached", err)
	}

	for _, step := range steps {
		if err := step(ctx, env, &t); err != nil {
			return t, End{}, err
		}
	}

	close(resume)
	aErr := <-aDone
	if aErr != nil && !errors.Is(aErr, catalog.ErrNotFound) {
		return t, End{}, fmt.Errorf("A: %w", aErr)
	}
	after, err := env.end(ctx)
	if err != nil {
		return t, End{}, err
	}
	t.add("A", "resumes and sends its fill, %s; the cache now holds %s", outcome(aRead, aErr), after.cached())

	if err := env.read(ctx, &t, "C"); err != nil {
		return t, End{}, err
	}
	end, err := env.end(ctx)
	return t, end, err
}

// Update is writer B's UPDATE of the price.
func Update(price int64) Step {
	return func(ctx context.Context, env Env, t *Trace) error {
		p, err := env.Store.SetPrice(ctx, env.ID, price)
		if err != nil {
			return err
		}
		t.add("B", "UPDATE commits %s", describe(p))
		return nil
	}
}

// Invalidate is writer B's DEL of the key, after its commit.
func Invalidate(ctx context.Context, env Env, t *Trace) error {
	if err := env.Cache.Invalidate(ctx, env.Key); err != nil {
		return err
	}
	t.add("B", "DEL %s", env.Key)
	return nil
}

// ReadC is a read of the key by reader C.
func ReadC(ctx context.Context, env Env, t *Trace) error { return env.read(ctx, t, "C") }

// ANCHOR_END: staleset

// Create is writer B's INSERT of the product, which did not exist when A read.
func Create(price int64) Step {
	return func(ctx context.Context, env Env, t *Trace) error {
		p, err := env.Store.Create(ctx, env.ID, "lamp", price)
		if err != nil {
			return err
		}
		t.add("B", "INSERT commits %s", describe(p))
		return nil
	}
}

// WriteThrough is writer B's write-through: UPDATE, then SET of the committed row.
func WriteThrough(price int64) Step {
	return func(ctx context.Context, env Env, t *Trace) error {
		return env.writeThrough(ctx, t, "B", price, func() {})
	}
}

// Expire waits until the key's entry is gone, as its TTL runs out (an eviction would remove it
// sooner). Nothing reads the key meanwhile.
func Expire(ctx context.Context, env Env, t *Trace) error {
	ctx, cancel := context.WithTimeout(ctx, env.Cache.TTL+5*time.Second)
	defer cancel()
	for {
		n, err := env.Cache.Redis.Exists(ctx, env.Key).Result()
		if err != nil {
			return fmt.Errorf("wait for %s to expire: %w", env.Key, err)
		}
		if n == 0 {
			t.add("", "%s expires (TTL %v)", env.Key, env.Cache.TTL)
			return nil
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-ctx.Done():
			return fmt.Errorf("wait for %s to expire: %w", env.Key, ctx.Err())
		}
	}
}

// ANCHOR: reorder
// writeThrough commits price for who, then writes the committed row to the cache once
// beforeCache returns.
func (env Env) writeThrough(ctx context.Context, t *Trace, who string, price int64, beforeCache func()) error {
	p, err := env.Store.SetPrice(ctx, env.ID, price)
	if err != nil {
		return err
	}
	t.add(who, "UPDATE commits %s", describe(p))
	beforeCache()
	stored, err := env.Cache.Put(ctx, env.Key, p)
	if err != nil {
		return err
	}
	if stored {
		t.add(who, "SET %s: %s", env.Key, describe(p))
	} else {
		t.add(who, "SET %s refused: the cache holds a newer version", env.Key)
	}
	return nil
}

// WriteReorder runs two write-through writers whose cache writes arrive in the opposite order of
// their commits: W1 commits first and stalls before writing the cache; W2 commits and writes the
// cache; then W1 writes its older value. Reader C reads the key after each cache write.
func WriteReorder(ctx context.Context, env Env, firstPrice, secondPrice int64) (Trace, End, error) {
	var t Trace
	committed, resume := make(chan struct{}), make(chan struct{})
	w1Done := make(chan error, 1)
	go func() {
		w1Done <- env.writeThrough(ctx, &t, "W1", firstPrice, func() { close(committed); <-resume })
	}()
	select {
	case <-committed:
	case err := <-w1Done:
		return t, End{}, fmt.Errorf("W1: %w", err)
	}
	if err := env.writeThrough(ctx, &t, "W2", secondPrice, func() {}); err != nil {
		return t, End{}, fmt.Errorf("W2: %w", err)
	}
	if err := env.read(ctx, &t, "C"); err != nil {
		return t, End{}, err
	}
	close(resume)
	if err := <-w1Done; err != nil {
		return t, End{}, fmt.Errorf("W1: %w", err)
	}
	if err := env.read(ctx, &t, "C"); err != nil {
		return t, End{}, err
	}
	end, err := env.end(ctx)
	return t, end, err
}

// ANCHOR_END: reorder

// Lookups reads a product that does not exist n times and returns how many of those reads
// reached PostgreSQL, counted by pg_stat_statements.
func Lookups(ctx context.Context, env Env, n int) (int64, error) {
	before, err := env.Store.Calls(ctx, catalog.SelectProduct)
	if err != nil {
		return 0, err
	}
	load := func(ctx context.Context) (catalog.Product, error) { return env.Store.Product(ctx, env.ID) }
	for range n {
		if _, err := env.Read(ctx, env.Key, load); !errors.Is(err, catalog.ErrNotFound) {
			return 0, fmt.Errorf("read of the missing product %d: want ErrNotFound, got %v", env.ID, err)
		}
	}
	after, err := env.Store.Calls(ctx, catalog.SelectProduct)
	return after - before, err
}
