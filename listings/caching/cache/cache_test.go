package cache_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/caching/cache"
	"playbook.example/caching/catalog"
	"playbook.example/caching/internal/testenv"
)

// setup returns a catalog holding product 1 at 1000 cents, and a cache in front of it.
func setup(t *testing.T) (*catalog.Store, *cache.Cache[catalog.Product]) {
	t.Helper()
	store := testenv.Catalog(t)
	if _, err := store.Create(context.Background(), 1, "kettle", 1000); err != nil {
		t.Fatal(err)
	}
	c := &cache.Cache[catalog.Product]{Redis: testenv.Redis(t), Config: cache.Config[catalog.Product]{
		TTL: time.Minute, NotFound: catalog.ErrNotFound, LeaseTTL: 2 * time.Second, LeaseWait: 5 * time.Millisecond,
	}}
	return store, c
}

func loader(store *catalog.Store, id int64) cache.Loader[catalog.Product] {
	return func(ctx context.Context) (catalog.Product, error) { return store.Product(ctx, id) }
}

// selects returns how many product SELECTs PostgreSQL has run in the test's database.
func selects(t *testing.T, store *catalog.Store) int64 {
	t.Helper()
	n, err := store.Calls(context.Background(), catalog.SelectProduct)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCacheAsideServesHitsAndReloadsAfterInvalidate(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	key := testenv.Key(t, "product:1")
	load := loader(store, 1)

	for range 3 {
		p, err := c.Get(ctx, key, load)
		if err != nil || p.PriceCents != 1000 {
			t.Fatalf("Get = %+v, %v; want price 1000", p, err)
		}
	}
	if got := selects(t, store); got != 1 {
		t.Errorf("after three reads of one key, PostgreSQL ran %d SELECTs; want 1 (one miss, two hits)", got)
	}

	if _, err := store.SetPrice(ctx, 1, 1200); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.Get(ctx, key, load); p.PriceCents != 1000 {
		t.Errorf("before the invalidation the cache should still serve the old price, got %d", p.PriceCents)
	}
	if err := c.Invalidate(ctx, key); err != nil {
		t.Fatal(err)
	}
	if p, err := c.Get(ctx, key, load); err != nil || p.PriceCents != 1200 || p.Version != 2 {
		t.Errorf("after the invalidation Get = %+v, %v; want price 1200 at version 2", p, err)
	}
	if got := selects(t, store); got != 2 {
		t.Errorf("PostgreSQL ran %d SELECTs; want 2", got)
	}
}

func TestNegativeCachingAbsorbsRepeatedMissesUntilInvalidated(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	key := testenv.Key(t, "product:404")
	load := loader(store, 404)

	read := func() error { _, err := c.Get(ctx, key, load); return err }
	for range 50 {
		if err := read(); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("without negative caching: want ErrNotFound, got %v", err)
		}
	}
	if got := selects(t, store); got != 50 {
		t.Errorf("without negative caching 50 reads of a missing product ran %d SELECTs; want 50", got)
	}

	c.NegativeTTL = time.Minute
	for range 50 {
		if err := read(); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("with negative caching: want ErrNotFound, got %v", err)
		}
	}
	if got := selects(t, store) - 50; got != 1 {
		t.Errorf("with negative caching 50 reads ran %d SELECTs; want 1", got)
	}

	// The cached absence outlives the row's creation until someone invalidates it.
	if _, err := store.Create(ctx, 404, "lamp", 2500); err != nil {
		t.Fatal(err)
	}
	if err := read(); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("a new row should stay hidden behind the cached absence, got %v", err)
	}
	if err := c.Invalidate(ctx, key); err != nil {
		t.Fatal(err)
	}
	if p, err := c.Get(ctx, key, load); err != nil || p.PriceCents != 2500 {
		t.Errorf("after invalidating, Get = %+v, %v; want the new row", p, err)
	}
}

func TestOtherErrorsAreNotCached(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	c.NegativeTTL = time.Minute
	key := testenv.Key(t, "product:1")
	broken := errors.New("connection reset")
	if _, err := c.Get(ctx, key, func(context.Context) (catalog.Product, error) { return catalog.Product{}, broken }); !errors.Is(err, broken) {
		t.Fatalf("want the loader's error, got %v", err)
	}
	if p, err := c.Get(ctx, key, loader(store, 1)); err != nil || p.PriceCents != 1000 {
		t.Errorf("after a failed load the next read should load again, got %+v, %v", p, err)
	}
}

// A stampede on a cold key: every concurrent reader misses, so every one of them queries the
// database. The loader blocks until all readers have reached it, which makes the count exact.
func TestCacheAsideStampedeQueriesOncePerReader(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	key := testenv.Key(t, "product:1")
	const readers = 40
	var arrived sync.WaitGroup
	arrived.Add(readers)
	load := func(ctx context.Context) (catalog.Product, error) {
		arrived.Done()
		arrived.Wait()
		return store.Product(ctx, 1)
	}
	var group sync.WaitGroup
	for range readers {
		group.Go(func() {
			if _, err := c.Get(ctx, key, load); err != nil {
				t.Error(err)
			}
		})
	}
	group.Wait()
	if got := selects(t, store); got != readers {
		t.Errorf("%d readers of a cold key ran %d SELECTs; want %d", readers, got, readers)
	}
}

func TestCoalescedLoadsOnceForConcurrentMisses(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	coalesced := &cache.Coalesced[catalog.Product]{Cache: c, LoadTimeout: 5 * time.Second}
	key := testenv.Key(t, "product:1")
	var loads atomic.Int64
	load := func(ctx context.Context) (catalog.Product, error) {
		loads.Add(1)
		time.Sleep(20 * time.Millisecond) // a slow query: the others arrive while it runs
		return store.Product(ctx, 1)
	}
	var group sync.WaitGroup
	for range 100 {
		group.Go(func() {
			if p, err := coalesced.Get(ctx, key, load); err != nil || p.PriceCents != 1000 {
				t.Errorf("Get = %+v, %v", p, err)
			}
		})
	}
	group.Wait()
	if loads.Load() != 1 || selects(t, store) != 1 {
		t.Errorf("100 concurrent readers: %d loads, %d SELECTs; want 1 and 1", loads.Load(), selects(t, store))
	}
}

// holdAfterMiss is a Redis hook that holds the first GET of a context marked held, once Redis has
// answered it: a caller that has just missed, and has not yet asked singleflight for a flight.
type holdAfterMiss struct {
	missed, release chan struct{}
	once            sync.Once
}

type held struct{}

func (h *holdAfterMiss) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h *holdAfterMiss) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

func (h *holdAfterMiss) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		err := next(ctx, cmd)
		if ctx.Value(held{}) != nil && cmd.Name() == "get" {
			h.once.Do(func() { close(h.missed); <-h.release })
		}
		return err
	}
}

// A caller that misses just before another caller's flight fills the key starts a flight of its
// own after that one ended; the look inside the flight finds the value instead of loading again.
func TestCoalescedLooksAgainInsideTheFlight(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	hook := &holdAfterMiss{missed: make(chan struct{}), release: make(chan struct{})}
	hooked := testenv.Redis(t)
	hooked.AddHook(hook)
	c.Redis = hooked
	coalesced := &cache.Coalesced[catalog.Product]{Cache: c, LoadTimeout: 5 * time.Second}
	key := testenv.Key(t, "product:1")
	var loads atomic.Int64
	load := func(ctx context.Context) (catalog.Product, error) {
		loads.Add(1)
		return store.Product(ctx, 1)
	}

	lateDone := make(chan error, 1)
	go func() {
		_, err := coalesced.Get(context.WithValue(ctx, held{}, true), key, load)
		lateDone <- err
	}()
	<-hook.missed // the late caller has missed, and waits before its flight
	if p, err := coalesced.Get(ctx, key, load); err != nil || p.PriceCents != 1000 {
		t.Fatalf("Get = %+v, %v", p, err)
	}
	close(hook.release) // the first flight is over: the late caller's flight is a new one
	if err := <-lateDone; err != nil {
		t.Fatal(err)
	}
	if loads.Load() != 1 || selects(t, store) != 1 {
		t.Errorf("%d loads, %d SELECTs; want 1 and 1: the late caller's flight should find the value", loads.Load(), selects(t, store))
	}
}

// The first caller's cancellation does not fail the load that the others are waiting for.
func TestCoalescedLoadSurvivesTheFirstCallersCancellation(t *testing.T) {
	store, c := setup(t)
	coalesced := &cache.Coalesced[catalog.Product]{Cache: c, LoadTimeout: 5 * time.Second}
	key := testenv.Key(t, "product:1")
	started, release := make(chan struct{}), make(chan struct{})
	load := func(ctx context.Context) (catalog.Product, error) {
		close(started)
		<-release
		return store.Product(ctx, 1)
	}
	firstCtx, cancelFirst := context.WithCancelCause(context.Background())
	gone := errors.New("client went away")
	firstDone := make(chan error, 1)
	go func() { _, err := coalesced.Get(firstCtx, key, load); firstDone <- err }()
	<-started

	secondDone := make(chan catalog.Product, 1)
	go func() {
		p, err := coalesced.Get(context.Background(), key, load)
		if err != nil {
			t.Error(err)
		}
		secondDone <- p
	}()
	cancelFirst(gone)
	if err := <-firstDone; !errors.Is(err, gone) {
		t.Errorf("the first caller should return its own cause, got %v", err)
	}
	close(release)
	if p := <-secondDone; p.PriceCents != 1000 {
		t.Errorf("the second caller got %+v; want the loaded product", p)
	}
}

func TestLeasesLetOneReaderLoadAColdKey(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	key := testenv.Key(t, "product:1")
	load := func(ctx context.Context) (catalog.Product, error) {
		time.Sleep(20 * time.Millisecond)
		return store.Product(ctx, 1)
	}
	var group sync.WaitGroup
	for range 50 {
		group.Go(func() {
			if p, err := c.GetLeased(ctx, key, load); err != nil || p.PriceCents != 1000 {
				t.Errorf("GetLeased = %+v, %v", p, err)
			}
		})
	}
	group.Wait()
	if got := selects(t, store); got != 1 {
		t.Errorf("50 concurrent readers with leases ran %d SELECTs; want 1", got)
	}
}

func TestLeaseIsReleasedWhenTheLoadFails(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	c.LeaseTTL = time.Hour // were the lease kept, the next reader would wait for an hour
	key := testenv.Key(t, "product:1")
	broken := errors.New("connection reset")
	if _, err := c.GetLeased(ctx, key, func(context.Context) (catalog.Product, error) { return catalog.Product{}, broken }); !errors.Is(err, broken) {
		t.Fatalf("want the loader's error, got %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if p, err := c.GetLeased(ctx, key, loader(store, 1)); err != nil || p.PriceCents != 1000 {
		t.Errorf("after a failed load GetLeased = %+v, %v; want the product", p, err)
	}
}

func TestRecomputeEarly(t *testing.T) {
	expiry := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	delta := 100 * time.Millisecond
	// −ln(u) for u = 1, 1/e, 1/e² and e^−10 is 0, 1, 2 and 10: the reader volunteers when it is
	// within that many deltas (times beta) of the expiry.
	tests := []struct {
		before time.Duration // how long before expiry the reader looks
		beta   float64
		u      float64
		want   bool
	}{
		{before: 0, beta: 1, u: 1, want: true},                 // at expiry: always
		{before: time.Hour, beta: 1, u: 0, want: true},         // u = 0: −ln u is infinite
		{before: time.Millisecond, beta: 1, u: 1, want: false}, // u = 1: never early
		{before: 99 * time.Millisecond, beta: 1, u: 1 / e, want: true},
		{before: 101 * time.Millisecond, beta: 1, u: 1 / e, want: false},
		{before: 199 * time.Millisecond, beta: 1, u: 1 / (e * e), want: true},
		{before: 199 * time.Millisecond, beta: 0.5, u: 1 / (e * e), want: false},
		{before: 399 * time.Millisecond, beta: 2, u: 1 / (e * e), want: true},
		{before: 999 * time.Millisecond, beta: 1, u: expMinus10, want: true},
		{before: 1001 * time.Millisecond, beta: 1, u: expMinus10, want: false},
	}
	for _, tt := range tests {
		if got := cache.RecomputeEarly(expiry.Add(-tt.before), expiry, delta, tt.beta, tt.u); got != tt.want {
			t.Errorf("%v before expiry, beta %v, u %v: got %v, want %v", tt.before, tt.beta, tt.u, got, tt.want)
		}
	}
}

const (
	e          = 2.718281828459045
	expMinus10 = 4.5399929762484854e-05
)

func TestGetXFetchRecomputesBeforeExpiryAndServesTheOldValueMeanwhile(t *testing.T) {
	ctx := context.Background()
	store, c := setup(t)
	key := testenv.Key(t, "product:1")
	// A beta this large makes any draw but u = 1 volunteer a minute before expiry.
	c.Beta = 1e9
	var draw float64 // Random returns draw; GetXFetch uses u = 1 − draw
	c.Random = func() float64 { return draw }
	load := loader(store, 1)

	if _, err := c.GetXFetch(ctx, key, load); err != nil {
		t.Fatal(err)
	}
	if _, err := store.SetPrice(ctx, 1, 1200); err != nil {
		t.Fatal(err)
	}
	if p, _ := c.GetXFetch(ctx, key, load); p.PriceCents != 1000 {
		t.Errorf("with u = 1 (−ln u = 0) the reader should not recompute early; got %d, want the cached 1000", p.PriceCents)
	}
	draw = 0.5
	if p, _ := c.GetXFetch(ctx, key, load); p.PriceCents != 1200 {
		t.Errorf("with u = 0.5 and a huge beta the reader should recompute early and see 1200, got %d", p.PriceCents)
	}
	if got := selects(t, store); got != 2 {
		t.Errorf("PostgreSQL ran %d SELECTs; want 2 (the cold load and the early one)", got)
	}
}

func TestJitteredStaysWithinTheSpread(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const ttl, spread = 10 * time.Minute, 0.1
	low, high := ttl, ttl
	for range 100_000 {
		d := cache.Jittered(ttl, spread, r.Float64())
		if d < 9*time.Minute || d > 11*time.Minute {
			t.Fatalf("Jittered(%v, %v) = %v, outside [9m, 11m]", ttl, spread, d)
		}
		low, high = min(low, d), max(high, d)
	}
	// 100,000 draws reach both ends of the range (within a second).
	if low > 9*time.Minute+time.Second || high < 11*time.Minute-time.Second {
		t.Errorf("draws span [%v, %v]; want nearly [9m, 11m]", low, high)
	}
	if got := cache.Jittered(ttl, 0, 0.7); got != ttl {
		t.Errorf("with no spread, Jittered = %v; want %v", got, ttl)
	}
}
