// Command stampede measures the load that a cache lets through to PostgreSQL when its entries
// expire, counted by PostgreSQL itself (pg_stat_statements) and by the loaders. It needs
// DATABASE_URL and REDIS_URL.
//
//	stampede -scenario hotkey   one expensive key read by many clients: no protection,
//	                            singleflight in one and in four instances, leases, XFetch
//	                            (and XFetch's refreshes one by one: Δ stored, Δ′ taken)
//	stampede -scenario expiry   many keys written together: synchronized expiry against jittered TTLs
//
// Each reader reads, pauses (-think), and reads again: how many reads that makes per second
// depends on how long the reads take, and is printed.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"playbook.example/caching/cache"
	"playbook.example/caching/catalog"
)

type options struct {
	scenario  string
	duration  time.Duration // per variant
	ttl       time.Duration
	clients   int
	instances int
	think     time.Duration // pause between two reads of one client
	sales     int
	keys      int
	spread    float64
	bucket    time.Duration
}

func main() {
	var o options
	flag.StringVar(&o.scenario, "scenario", "hotkey", "hotkey or expiry")
	flag.DurationVar(&o.duration, "duration", 7*time.Second, "how long each variant runs")
	flag.DurationVar(&o.ttl, "ttl", 2*time.Second, "the cache's TTL")
	flag.IntVar(&o.clients, "clients", 32, "concurrent readers")
	flag.IntVar(&o.instances, "instances", 4, "hotkey: instances the readers are split over, each with its own singleflight group")
	flag.DurationVar(&o.think, "think", time.Millisecond, "pause between two reads of one reader")
	flag.IntVar(&o.sales, "sales", 50_000, "hotkey: rows the report aggregates")
	flag.IntVar(&o.keys, "keys", 200, "expiry: keys written together")
	flag.Float64Var(&o.spread, "spread", 0.2, "expiry: TTL jitter of the jittered variant (±fraction)")
	flag.DurationVar(&o.bucket, "bucket", 250*time.Millisecond, "expiry: width of the histogram's buckets")
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "stampede:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if os.Getenv("DATABASE_URL") == "" || os.Getenv("REDIS_URL") == "" {
		return errors.New("DATABASE_URL and REDIS_URL must name PostgreSQL and Redis (make listings sets both)")
	}
	config, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
	if err != nil {
		return err
	}
	config.MaxConns = int32(o.clients) // every reader that misses reaches the database at once
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return err
	}
	defer pool.Close()
	redisOptions, err := redis.ParseURL(os.Getenv("REDIS_URL"))
	if err != nil {
		return fmt.Errorf("REDIS_URL: %w", err)
	}
	redisOptions.PoolSize = o.clients
	rdb := redis.NewClient(redisOptions)
	defer rdb.Close()

	store := &catalog.Store{DB: pool}
	if err := store.Setup(ctx); err != nil {
		return err
	}
	switch o.scenario {
	case "hotkey":
		return hotKey(ctx, o, store, rdb)
	case "expiry":
		return expiry(ctx, o, store, rdb)
	}
	return fmt.Errorf("-scenario: want hotkey or expiry, found %q", o.scenario)
}

// reads runs the clients for d, each calling read and then pausing, and returns the number of
// reads and their latencies.
func reads(ctx context.Context, clients int, d, think time.Duration, read func(ctx context.Context, client int) error) ([]time.Duration, error) {
	deadline := time.Now().Add(d)
	var (
		mu        sync.Mutex
		latencies []time.Duration
		group     sync.WaitGroup
		failure   atomic.Pointer[error]
	)
	for client := range clients {
		group.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				start := time.Now()
				if err := read(ctx, client); err != nil {
					failure.CompareAndSwap(nil, &err)
					return
				}
				mine = append(mine, time.Since(start))
				time.Sleep(think)
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	group.Wait()
	if err := failure.Load(); err != nil {
		return nil, *err
	}
	return latencies, nil
}

type getter func(ctx context.Context, client int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error)

// A computation is one load of the report: when it started (from the variant's start), how long
// it took (Δ′), and the Δ stored in the entry it is about to replace (early refresh only). The
// cache measures Δ around the whole loader, this program's GET of the old entry included: a
// fraction of a millisecond.
type computation struct {
	at, took    time.Duration
	storedDelta time.Duration
	replacing   bool // the key held an entry: an early refresh, not a miss
}

func hotKey(ctx context.Context, o options, store *catalog.Store, rdb *redis.Client) error {
	if err := store.Seed(ctx, 1000, o.sales); err != nil {
		return err
	}
	alone, err := reportAlone(ctx, store)
	if err != nil {
		return err
	}
	c := &cache.Cache[[]catalog.Seller]{Redis: rdb, Config: cache.Config[[]catalog.Seller]{
		TTL: o.ttl, LeaseTTL: 5 * time.Second, LeaseWait: 5 * time.Millisecond,
	}}
	one := &cache.Coalesced[[]catalog.Seller]{Cache: c, LoadTimeout: 10 * time.Second}
	fleet := make([]*cache.Coalesced[[]catalog.Seller], o.instances)
	for i := range fleet {
		fleet[i] = &cache.Coalesced[[]catalog.Seller]{Cache: c, LoadTimeout: 10 * time.Second}
	}
	variants := []struct {
		name  string
		get   getter
		early bool // refreshes before expiry: its loads are shown one by one
	}{
		{"none", func(ctx context.Context, _ int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return c.Get(ctx, key, load)
		}, false},
		{"singleflight", func(ctx context.Context, _ int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return one.Get(ctx, key, load)
		}, false},
		{fmt.Sprintf("singleflight_%d_instances", o.instances), func(ctx context.Context, client int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return fleet[client%len(fleet)].Get(ctx, key, load)
		}, false},
		{"leases", func(ctx context.Context, _ int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return c.GetLeased(ctx, key, load)
		}, false},
		{"xfetch", func(ctx context.Context, _ int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return c.GetXFetch(ctx, key, load)
		}, true},
		{"xfetch_singleflight", func(ctx context.Context, _ int, key string, load cache.Loader[[]catalog.Seller]) ([]catalog.Seller, error) {
			return one.GetXFetch(ctx, key, load)
		}, false},
	}

	fmt.Printf("hot key: a top-sellers report over %d sales rows (%.0f ms alone, median of 5)\n", o.sales, ms(alone))
	fmt.Printf("TTL %v; %d readers, each pausing %v between reads; %v per variant\n\n", o.ttl, o.clients, o.think, o.duration)
	fmt.Printf("%-26s %8s %8s %8s %10s %9s %10s %8s %8s\n",
		"variant", "reads/s", "loads", "queries", "queries/s", "refreshes", "per refresh", "p99 ms", "max ms")
	var details []string // the early variant's refreshes, printed after the table
	for _, v := range variants {
		key := "report:top-sellers:" + v.name
		var (
			mu    sync.Mutex
			loads []computation
			start time.Time
		)
		loader := func(ctx context.Context) ([]catalog.Seller, error) {
			l := computation{at: time.Since(start)}
			if v.early {
				delta, found, err := c.Delta(ctx, key)
				if err != nil {
					return nil, err
				}
				l.storedDelta, l.replacing = delta, found
			}
			began := time.Now()
			sellers, err := store.TopSellers(ctx, 30, 10)
			l.took = time.Since(began)
			mu.Lock()
			loads = append(loads, l)
			mu.Unlock()
			return sellers, err
		}
		if _, err := v.get(ctx, 0, key, loader); err != nil { // warm the key: only expiries are measured
			return fmt.Errorf("%s: %w", v.name, err)
		}
		loads = nil
		before, err := store.Calls(ctx, catalog.SelectTopSellers)
		if err != nil {
			return err
		}
		start = time.Now()
		latencies, err := reads(ctx, o.clients, o.duration, o.think, func(ctx context.Context, client int) error {
			_, err := v.get(ctx, client, key, loader)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		elapsed := time.Since(start).Seconds()
		after, err := store.Calls(ctx, catalog.SelectTopSellers)
		if err != nil {
			return err
		}
		queries := after - before
		slices.Sort(latencies)
		slices.SortFunc(loads, func(a, b computation) int { return cmp.Compare(a.at, b.at) })
		refreshes := rounds(loads, o.ttl/4)
		readsPerSecond := float64(len(latencies)) / elapsed
		fmt.Printf("%-26s %8.0f %8d %8d %10.1f %9d %10.1f %8.1f %8.1f\n", v.name, readsPerSecond,
			len(loads), queries, float64(queries)/elapsed, len(refreshes), float64(len(loads))/float64(max(len(refreshes), 1)),
			ms(latencies[len(latencies)*99/100]), ms(latencies[len(latencies)-1]))
		if v.early {
			details = append(details, earlyRefreshes(v.name, refreshes, readsPerSecond)...)
		}
	}
	fmt.Println()
	for _, line := range details {
		fmt.Println(line)
	}
	return nil
}

// earlyRefreshes describes each refresh of an early-refresh variant: its loads, the Δ stored in
// the entry it replaced, and Δ′, how long its first load took. XFetch's reader volunteers within a
// few β·Δ of the expiry, so the volunteers that join before the first load is done grow with Δ′/Δ;
// r·Δ (reads per second times Δ) says how many reads arrive within one Δ.
func earlyRefreshes(name string, refreshes [][]computation, readsPerSecond float64) []string {
	lines := []string{fmt.Sprintf("%s, refresh by refresh (Δ: stored in the entry it replaced; Δ′: its first load's duration; r: %.0f reads/s):",
		name, readsPerSecond)}
	largest, largestRatio := 0, 0.0
	lowest, highest := math.Inf(1), 0.0
	for _, loads := range refreshes {
		first, count := loads[0], fmt.Sprintf("%2d loads", len(loads))
		if len(loads) == 1 {
			count = " 1 load "
		}
		if !first.replacing {
			lines = append(lines, fmt.Sprintf("  at %4.1f s: %s, on a miss (no stored Δ); Δ′ %.1f ms", first.at.Seconds(), count, ms(first.took)))
			continue
		}
		ratio, rDelta := ms(first.took)/ms(first.storedDelta), readsPerSecond*first.storedDelta.Seconds()
		lines = append(lines, fmt.Sprintf("  at %4.1f s: %s; Δ %5.1f ms, Δ′ %5.1f ms, Δ′/Δ %.1f; r·Δ %.0f",
			first.at.Seconds(), count, ms(first.storedDelta), ms(first.took), ratio, rDelta))
		if len(loads) > largest {
			largest, largestRatio = len(loads), ratio
		}
		lowest, highest = min(lowest, rDelta), max(highest, rDelta)
	}
	if largest > 0 {
		lines = append(lines, fmt.Sprintf("%s: the largest early refresh took %d load(s) at Δ′/Δ %.1f; r·Δ from %.0f to %.0f",
			name, largest, largestRatio, lowest, highest))
	}
	return lines
}

// reportAlone is the report's duration on an otherwise idle database: the median of five runs.
func reportAlone(ctx context.Context, store *catalog.Store) (time.Duration, error) {
	var runs []time.Duration
	for range 5 {
		start := time.Now()
		if _, err := store.TopSellers(ctx, 30, 10); err != nil {
			return 0, err
		}
		runs = append(runs, time.Since(start))
	}
	slices.Sort(runs)
	return runs[2], nil
}

func expiry(ctx context.Context, o options, store *catalog.Store, rdb *redis.Client) error {
	if err := store.Seed(ctx, o.keys, 0); err != nil {
		return err
	}
	fmt.Printf("expiry: %d product keys written together; TTL %v; %d readers of random keys, each pausing %v between reads; %v per variant\n",
		o.keys, o.ttl, o.clients, o.think, o.duration)
	fmt.Printf("queries per %v, from the write of the keys on:\n\n", o.bucket)
	for _, spread := range []float64{0, o.spread} {
		c := &cache.Cache[catalog.Product]{Redis: rdb, Config: cache.Config[catalog.Product]{TTL: o.ttl, Spread: spread}}
		prefix := fmt.Sprintf("spread%.0f:product:", 100*spread)
		var mu sync.Mutex
		var loadedAt []time.Duration
		var start time.Time
		load := func(id int64) cache.Loader[catalog.Product] {
			return func(ctx context.Context) (catalog.Product, error) {
				mu.Lock()
				loadedAt = append(loadedAt, time.Since(start))
				mu.Unlock()
				return store.Product(ctx, id)
			}
		}
		// A warm-up job, or a deploy that fills the cache: every key written at (nearly) one instant.
		products, err := allProducts(ctx, store)
		if err != nil {
			return err
		}
		before, err := store.Calls(ctx, catalog.SelectProduct)
		if err != nil {
			return err
		}
		start = time.Now()
		pipe := rdb.Pipeline()
		warm := &cache.Cache[catalog.Product]{Redis: pipe, Config: c.Config}
		for _, p := range products {
			if _, err := warm.Put(ctx, fmt.Sprint(prefix, p.ID), p); err != nil {
				return err
			}
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
		_, err = reads(ctx, o.clients, o.duration, o.think, func(ctx context.Context, client int) error {
			id := 1 + rand.Int64N(int64(o.keys))
			_, err := c.Get(ctx, fmt.Sprint(prefix, id), load(id))
			return err
		})
		if err != nil {
			return err
		}
		after, err := store.Calls(ctx, catalog.SelectProduct)
		if err != nil {
			return err
		}
		slices.Sort(loadedAt)
		counts := make([]string, int(o.duration/o.bucket)+1)
		for i := range counts {
			low, high := time.Duration(i)*o.bucket, time.Duration(i+1)*o.bucket
			n := 0
			for _, at := range loadedAt {
				if at >= low && at < high {
					n++
				}
			}
			counts[i] = fmt.Sprint(n)
		}
		fmt.Printf("spread ±%.0f%%: %d queries (pg_stat_statements: %d); peak %d in 100 ms; by %v: %s\n",
			100*spread, len(loadedAt), after-before, peak(loadedAt, 100*time.Millisecond), o.bucket, strings.Join(counts, " "))
	}
	return nil
}

// rounds groups loads, sorted by start, that started within gap of the one before: the refreshes
// of a key, each of which may have taken several loads.
func rounds(sorted []computation, gap time.Duration) [][]computation {
	var groups [][]computation
	for i, l := range sorted {
		if i == 0 || l.at-sorted[i-1].at > gap {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], l)
	}
	return groups
}

// peak is the largest number of the sorted instants that fall within any window of width w.
func peak(sorted []time.Duration, w time.Duration) int {
	best, first := 0, 0
	for last, at := range sorted {
		for at-sorted[first] >= w {
			first++
		}
		best = max(best, last-first+1)
	}
	return best
}

func allProducts(ctx context.Context, store *catalog.Store) ([]catalog.Product, error) {
	rows, err := store.DB.Query(ctx, `SELECT id, name, price_cents, version FROM products ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var products []catalog.Product
	for rows.Next() {
		var p catalog.Product
		if err := rows.Scan(&p.ID, &p.Name, &p.PriceCents, &p.Version); err != nil {
			return nil, err
		}
		products = append(products, p)
	}
	return products, rows.Err()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
