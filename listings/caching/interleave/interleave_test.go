package interleave_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"playbook.example/caching/cache"
	"playbook.example/caching/catalog"
	"playbook.example/caching/interleave"
	"playbook.example/caching/internal/testenv"
)

// env returns product 1 at 1000 cents (unless missing), a cache in front of it, read with Get.
func env(t *testing.T, config cache.Config[catalog.Product], missing bool) interleave.Env {
	t.Helper()
	store := testenv.Catalog(t)
	if !missing {
		if _, err := store.Create(context.Background(), 1, "kettle", 1000); err != nil {
			t.Fatal(err)
		}
	}
	if config.TTL == 0 {
		config.TTL = 10 * time.Minute
	}
	config.NotFound, config.LeaseTTL, config.LeaseWait = catalog.ErrNotFound, 2*time.Second, 5*time.Millisecond
	e := interleave.Env{
		Store: store,
		Cache: &cache.Cache[catalog.Product]{Redis: testenv.Redis(t), Config: config},
		ID:    1,
		Key:   testenv.Key(t, "product:1"),
	}
	e.Read = e.Cache.Get
	return e
}

var versioned = cache.Config[catalog.Product]{Version: func(p catalog.Product) int64 { return p.Version }}

// wantReads checks that reader C's reads, in the trace's order, returned what want says.
func wantReads(t *testing.T, trace interleave.Trace, want ...string) {
	t.Helper()
	var got []string
	for _, line := range trace {
		if rest, ok := strings.CutPrefix(line, "C  "); ok {
			got = append(got, rest)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("C's reads:\n%s\nwant:\n%s\ntrace:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), strings.Join(trace, "\n"))
	}
}

func TestCacheAsideCachesAValueReadBeforeTheWrite(t *testing.T) {
	e := env(t, cache.Config[catalog.Product]{}, false)
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.Update(1200), interleave.Invalidate, interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if !end.Stale() || end.Cached.PriceCents != 1000 || end.Stored.PriceCents != 1200 {
		t.Errorf("want the old price cached over the new row, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	// C read the new price, then the old one: its reads went back in time.
	wantReads(t, trace, "miss: SELECT reads price 1200 (version 2)", "hit: price 1000 (version 1)")
}

func TestLeasesRefuseTheStaleFill(t *testing.T) {
	e := env(t, cache.Config[catalog.Product]{}, false)
	e.Read = e.Cache.GetLeased
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.Update(1200), interleave.Invalidate, interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if end.Stale() || !end.IsCached || end.Cached.PriceCents != 1200 {
		t.Errorf("want the new price cached, got %v\n%s", end, strings.Join(trace, "\n"))
	}
}

func TestWriteThroughLetsAnOlderWriteWin(t *testing.T) {
	e := env(t, cache.Config[catalog.Product]{}, false)
	trace, end, err := interleave.WriteReorder(context.Background(), e, 1100, 1200)
	if err != nil {
		t.Fatal(err)
	}
	if !end.Stale() || end.Cached.PriceCents != 1100 || end.Stored.PriceCents != 1200 {
		t.Errorf("want W1's older price cached over W2's row, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	// A reader between the two cache writes sees the newer price, then the older one.
	wantReads(t, trace, "hit: price 1200 (version 3)", "hit: price 1100 (version 2)")
}

func TestVersionedWriteThroughRefusesTheOlderWrite(t *testing.T) {
	e := env(t, versioned, false)
	trace, end, err := interleave.WriteReorder(context.Background(), e, 1100, 1200)
	if err != nil {
		t.Fatal(err)
	}
	if end.Stale() || end.Cached.Version != 3 {
		t.Errorf("want version 3 cached, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	if !strings.Contains(strings.Join(trace, "\n"), "W1 SET "+e.Key+" refused") {
		t.Errorf("want W1's write refused, trace:\n%s", strings.Join(trace, "\n"))
	}
	wantReads(t, trace, "hit: price 1200 (version 3)", "hit: price 1200 (version 3)")
}

// Readers of a write-through cache fill their misses with a plain SET: a slow one puts back the
// row it read before the write.
func TestWriteThroughReadersFillStaleRows(t *testing.T) {
	e := env(t, cache.Config[catalog.Product]{}, false)
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.WriteThrough(1200), interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if !end.Stale() || end.Cached.PriceCents != 1000 {
		t.Errorf("want the slow reader's old row cached, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	wantReads(t, trace, "hit: price 1200 (version 2)", "hit: price 1000 (version 1)")
}

// With versions, the readers' fills go through the same check as the writes ...
func TestVersionsRefuseAReadersOldFill(t *testing.T) {
	e := env(t, versioned, false)
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.WriteThrough(1200), interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if end.Stale() || end.Cached.Version != 2 {
		t.Errorf("want version 2 kept, got %v\n%s", end, strings.Join(trace, "\n"))
	}
}

// ... which compares with what the key holds: once the newer entry has expired, nothing.
func TestVersionsAcceptAnOldFillAfterTheNewerEntryExpired(t *testing.T) {
	config := versioned
	config.TTL = 200 * time.Millisecond
	e := env(t, config, false)
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.WriteThrough(1200), interleave.ReadC, interleave.Expire)
	if err != nil {
		t.Fatal(err)
	}
	if !end.Stale() || end.Cached.Version != 1 {
		t.Errorf("want the old version 1 cached after the expiry, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	wantReads(t, trace, "hit: price 1200 (version 2)", "hit: price 1000 (version 1)")
}

// Invalidating on create does not help against a lookup that found nothing before the INSERT and
// caches that absence after the DEL.
func TestACachedAbsenceCanOutliveTheInvalidationOfACreate(t *testing.T) {
	config := cache.Config[catalog.Product]{NegativeTTL: time.Minute}
	e := env(t, config, true)
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.Create(2500), interleave.Invalidate, interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if !end.Stale() || !end.Absent || end.Stored.PriceCents != 2500 {
		t.Errorf("want the absence cached over the new row, got %v\n%s", end, strings.Join(trace, "\n"))
	}
	wantReads(t, trace, "miss: SELECT reads price 2500 (version 1)", "hit: no such product")
}

// With leases, the creator's DEL revokes the slow lookup's lease: its absence is refused.
func TestLeasesRefuseTheAbsenceFilledAfterACreate(t *testing.T) {
	e := env(t, cache.Config[catalog.Product]{NegativeTTL: time.Minute}, true)
	e.Read = e.Cache.GetLeased
	trace, end, err := interleave.StaleFill(context.Background(), e, interleave.Create(2500), interleave.Invalidate, interleave.ReadC)
	if err != nil {
		t.Fatal(err)
	}
	if end.Stale() || end.Absent || end.Cached.PriceCents != 2500 {
		t.Errorf("want the new row cached, got %v\n%s", end, strings.Join(trace, "\n"))
	}
}

func TestLookupsOfAMissingRow(t *testing.T) {
	ctx := context.Background()
	e := env(t, cache.Config[catalog.Product]{}, true)
	if n, err := interleave.Lookups(ctx, e, 200); err != nil || n != 200 {
		t.Errorf("without negative caching: %d queries, %v; want 200", n, err)
	}
	e.Cache.NegativeTTL = time.Minute
	if n, err := interleave.Lookups(ctx, e, 200); err != nil || n != 1 {
		t.Errorf("with negative caching: %d queries, %v; want 1", n, err)
	}
}
