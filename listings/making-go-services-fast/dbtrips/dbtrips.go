// Package dbtrips reads the prices service's items from PostgreSQL in the ways a handler can: one
// query per item, one query for all of them, and (for comparison) from memory. It also drives a
// pgx pool at a fixed concurrency, to size the pool by measurement.
package dbtrips

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/making-go-services-fast/prices"
)

// Setup creates the items table and fills it with the n items of prices.NewCatalog(n).
func Setup(ctx context.Context, pool *pgxpool.Pool, n int) error {
	if _, err := pool.Exec(ctx, `CREATE TABLE items (
		sku         text PRIMARY KEY,
		name        text NOT NULL,
		price_cents bigint NOT NULL,
		currency    text NOT NULL,
		tags        text[] NOT NULL)`); err != nil {
		return err
	}
	c := prices.NewCatalog(n)
	rows := make([][]any, 0, n)
	for i := range n {
		item, _ := c.Lookup(prices.SKU(i))
		rows = append(rows, []any{item.SKU, item.Name, item.PriceCents, item.Currency, item.Tags})
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"items"},
		[]string{"sku", "name", "price_cents", "currency", "tags"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	_, err := pool.Exec(ctx, "VACUUM (ANALYZE) items")
	return err
}

const columns = "sku, name, price_cents, currency, tags"

func scan(row pgx.Row) (prices.Item, error) {
	var it prices.Item
	err := row.Scan(&it.SKU, &it.Name, &it.PriceCents, &it.Currency, &it.Tags)
	return it, err
}

// ANCHOR: trips
// PerItem asks for one item at a time: one round trip to the server per SKU.
func PerItem(ctx context.Context, pool *pgxpool.Pool, skus []string) ([]prices.Item, error) {
	items := make([]prices.Item, 0, len(skus))
	for _, sku := range skus {
		it, err := scan(pool.QueryRow(ctx, "SELECT "+columns+" FROM items WHERE sku = $1", sku))
		if err == pgx.ErrNoRows {
			continue
		}
		if err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, nil
}

// Batch asks for all of them in one query: one round trip, whatever the number of SKUs.
func Batch(ctx context.Context, pool *pgxpool.Pool, skus []string) ([]prices.Item, error) {
	rows, err := pool.Query(ctx, "SELECT "+columns+" FROM items WHERE sku = ANY($1) ORDER BY sku", skus)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (prices.Item, error) { return scan(r) })
}

// ANCHOR_END: trips

// Load is what a pool of maxConns connections achieved with workers goroutines querying
// for the duration: queries per second and the 99th percentile of their latency.
type Load struct {
	MaxConns, Workers int
	PerSecond         float64
	P50, P99          time.Duration
}

// Drive runs workers goroutines, each sending Batch for skus in a loop through a pool of
// maxConns connections, for the duration.
func Drive(ctx context.Context, config *pgxpool.Config, maxConns, workers int, skus []string, d time.Duration) (Load, error) {
	config = config.Copy()
	config.MaxConns = int32(maxConns)
	config.MinConns = int32(maxConns) // connect before the clock starts
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return Load{}, err
	}
	defer pool.Close()
	for pool.Stat().IdleConns() < int32(maxConns) {
		time.Sleep(time.Millisecond)
	}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failed    atomic.Value
		wg        sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	for range workers {
		wg.Go(func() {
			var mine []time.Duration
			for time.Now().Before(deadline) {
				start := time.Now()
				if _, err := Batch(ctx, pool, skus); err != nil {
					failed.Store(err)
					return
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return Load{}, err
	}
	if len(latencies) == 0 {
		return Load{}, fmt.Errorf("no query finished in %v", d)
	}
	slices.Sort(latencies)
	at := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
	return Load{maxConns, workers, float64(len(latencies)) / d.Seconds(), at(0.50), at(0.99)}, nil
}
