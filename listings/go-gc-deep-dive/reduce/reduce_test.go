package reduce

import (
	"bytes"
	"testing"
)

// Every way of rendering must produce the same bytes, or the benchmarks
// compare different work.
func TestRenderingsAgree(t *testing.T) {
	for _, n := range []int{0, 1, 200, 5000} {
		order := SampleOrder(n)
		want := RenderNaive(order)
		if n == 0 {
			want = nil // the naive version writes a lone newline for an empty order
		}
		var pooled, sliceValue, uncappedOut bytes.Buffer
		for _, w := range []struct {
			name string
			err  error
		}{
			{"WriteCSV", WriteCSV(&pooled, order)},
			{"WriteCSVSliceValue", WriteCSVSliceValue(&sliceValue, order)},
			{"WriteCSVUncapped", WriteCSVUncapped(&uncappedOut, order)},
		} {
			if w.err != nil {
				t.Fatalf("%s: %v", w.name, w.err)
			}
		}
		for name, got := range map[string][]byte{
			"RenderPrealloc":     RenderPrealloc(order),
			"AppendCSV":          AppendCSV(nil, order),
			"WriteCSV":           pooled.Bytes(),
			"WriteCSVSliceValue": sliceValue.Bytes(),
			"WriteCSVUncapped":   uncappedOut.Bytes(),
		} {
			if !bytes.Equal(got, want) {
				t.Errorf("%d lines: %s wrote %q, RenderNaive %q", n, name, got, want)
			}
		}
	}
}

func TestSizeCSVIsAnUpperBound(t *testing.T) {
	order := []Line{{SKU: "X", Quantity: -1 << 63, PriceCents: -1 << 63}}
	if got, limit := len(AppendCSV(nil, order)), sizeCSV(order); got > limit {
		t.Fatalf("rendered %d bytes, sizeCSV promised at most %d", got, limit)
	}
}

func TestCacheKeys(t *testing.T) {
	if got, pooled := CacheKey(42, "eu-west"), CacheKeyPooled(42, "eu-west"); got != "42:eu-west" || pooled != got {
		t.Fatalf("CacheKey %q, CacheKeyPooled %q, want both 42:eu-west", got, pooled)
	}
}
