package reduce

import (
	"io"
	"testing"

	"playbook.example/go-gc-deep-dive/gcstats"
)

// reportGC adds how often the collector ran to a benchmark's figures, as
// cycles per thousand operations.
func reportGC(b *testing.B, before gcstats.Snapshot) {
	d := gcstats.Read().Since(before)
	b.ReportMetric(float64(d.Cycles)*1000/float64(b.N), "gc/kop")
}

// ANCHOR: bench
func BenchmarkRender(b *testing.B) {
	order := SampleOrder(200)
	b.Run("impl=naive", func(b *testing.B) {
		before := gcstats.Read()
		for b.Loop() {
			if _, err := io.Discard.Write(RenderNaive(order)); err != nil {
				b.Fatal(err)
			}
		}
		reportGC(b, before)
	})
	b.Run("impl=prealloc", func(b *testing.B) {
		before := gcstats.Read()
		for b.Loop() {
			if _, err := io.Discard.Write(RenderPrealloc(order)); err != nil {
				b.Fatal(err)
			}
		}
		reportGC(b, before)
	})
	b.Run("impl=pool", func(b *testing.B) {
		before := gcstats.Read()
		for b.Loop() {
			if err := WriteCSV(io.Discard, order); err != nil {
				b.Fatal(err)
			}
		}
		reportGC(b, before)
	})
}

// ANCHOR_END: bench

func BenchmarkCacheKey(b *testing.B) {
	b.Run("impl=stack", func(b *testing.B) {
		for n := int64(0); b.Loop(); n++ {
			_ = CacheKey(n, "eu-west")
		}
	})
	b.Run("impl=pool", func(b *testing.B) {
		for n := int64(0); b.Loop(); n++ {
			_ = CacheKeyPooled(n, "eu-west")
		}
	})
}

// BenchmarkRenderParallel runs the same work on every P at once, where a
// pool has to serve concurrent goroutines.
func BenchmarkRenderParallel(b *testing.B) {
	order := SampleOrder(200)
	b.Run("impl=prealloc", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_, _ = io.Discard.Write(RenderPrealloc(order))
			}
		})
	})
	b.Run("impl=pool", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				_ = WriteCSV(io.Discard, order)
			}
		})
	})
}
