package workload

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"playbook.example/go-gc-deep-dive/gcstats"
)

func TestCacheSizeAndServe(t *testing.T) {
	c := NewCache(8 << 20)
	if got := len(c.entries) * EntryBytes; got < 8<<20 || got > 8<<20+EntryBytes {
		t.Fatalf("cache of %d bytes, want 8 MiB", got)
	}
	runtime.GC()
	live := gcstats.Read().LiveBytes
	if live < 8<<20 {
		t.Fatalf("live heap %d bytes after building an 8 MiB cache", live)
	}
	took := Serve(c, 100, 2, 10, Renders["naive"])
	if len(took) != 100 || !slices.IsSorted(took) {
		t.Fatalf("Serve timed %d requests (sorted: %t), want 100 sorted", len(took), slices.IsSorted(took))
	}
	if len(c.entries[0].sku) == 0 {
		t.Fatal("cache entry lost its SKU")
	}
	runtime.KeepAlive(c)
}

func TestQuantile(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	sorted := []time.Duration{ms(1), ms(2), ms(3), ms(4), ms(5), ms(6), ms(7), ms(8), ms(9), ms(10)}
	for q, want := range map[float64]time.Duration{0.5: ms(5), 0.9: ms(9), 0.99: ms(10), 1: ms(10), 0.01: ms(1)} {
		if got := Quantile(sorted, q); got != want {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
	if Quantile(nil, 0.5) != 0 {
		t.Error("Quantile of nothing is not 0")
	}
}
