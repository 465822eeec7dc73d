package dbtrips

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/making-go-services-fast/internal/testdb"
	"playbook.example/making-go-services-fast/prices"
)

// items opens a pool on a fresh database holding the catalog's 1,000 items.
func items(tb testing.TB) (*pgxpool.Pool, *pgxpool.Config) {
	tb.Helper()
	ctx := context.Background()
	name, drop, err := testdb.Create(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := drop(); err != nil {
			tb.Errorf("drop %s: %v", name, err)
		}
	})
	config, err := pgxpool.ParseConfig("dbname=" + name)
	if err != nil {
		tb.Fatal(err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(pool.Close)
	if err := Setup(ctx, pool, 1000); err != nil {
		tb.Fatal(err)
	}
	return pool, config
}

func TestBothQueriesAgreeWithTheCatalog(t *testing.T) {
	pool, _ := items(t)
	ctx := context.Background()
	c := prices.NewCatalog(1000)
	var want []prices.Item
	for _, sku := range prices.SampleSKUs() {
		if it, ok := c.Lookup(sku); ok {
			want = append(want, it)
		}
	}
	for name, read := range map[string]func(context.Context, *pgxpool.Pool, []string) ([]prices.Item, error){
		"PerItem": PerItem, "Batch": Batch,
	} {
		got, err := read(ctx, pool, prices.SampleSKUs())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s returned %d items, want the catalog's %d:\n%v", name, len(got), len(want), got)
		}
	}
}

func TestDrive(t *testing.T) {
	_, config := items(t)
	load, err := Drive(context.Background(), config, 2, 4, prices.SampleSKUs(), 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if load.PerSecond <= 0 || load.P50 <= 0 || load.P99 < load.P50 {
		t.Errorf("implausible load: %+v", load)
	}
}

func BenchmarkLookup(b *testing.B) {
	pool, _ := items(b)
	ctx := context.Background()
	skus := prices.SampleSKUs()
	b.Run("how=per-item", func(b *testing.B) {
		for b.Loop() {
			if _, err := PerItem(ctx, pool, skus); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("how=any", func(b *testing.B) {
		for b.Loop() {
			if _, err := Batch(ctx, pool, skus); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("how=memory", func(b *testing.B) {
		c := prices.NewCatalog(1000)
		for b.Loop() {
			for _, sku := range skus {
				c.Lookup(sku)
			}
		}
	})
}
