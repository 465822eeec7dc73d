//go:build goexperiment.jsonv2

// GOEXPERIMENT=jsonv2 sets this build tag in Go 1.25 and 1.26; Go 1.27 sets it by default.

package jsoncost

import (
	"bytes"
	jsonv2 "encoding/json/v2"
	"io"
	"testing"

	"playbook.example/making-go-services-fast/prices"
)

// ANCHOR: v2
func benchmarkEncodeV2(b *testing.B, list prices.PriceList) {
	b.Run("api=jsonv2.MarshalWrite", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := jsonv2.MarshalWrite(io.Discard, list); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ANCHOR_END: v2

func benchmarkDecodeV2(b *testing.B, data []byte) {
	b.Run("api=jsonv2.UnmarshalRead", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var list Decoded
			if err := jsonv2.UnmarshalRead(bytes.NewReader(data), &list); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func compareV2(t *testing.T, v1 []byte) {
	v2, err := jsonv2.Marshal(Response())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(v2, bytes.TrimSuffix(v1, []byte("\n"))) {
		t.Errorf("json/v2 encoded\n%s\njson encoded\n%s", v2, v1)
	}
	var list Decoded
	if err := jsonv2.Unmarshal(v1, &list); err != nil || len(list.Items) != 20 {
		t.Errorf("json/v2 decoded %d items, %v", len(list.Items), err)
	}
}
