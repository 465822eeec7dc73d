package jsoncost

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// ANCHOR: v1
func BenchmarkEncode(b *testing.B) {
	list := Response()
	b.Run("api=json.NewEncoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := json.NewEncoder(io.Discard).Encode(list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("api=json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(list); err != nil {
				b.Fatal(err)
			}
		}
	})
	benchmarkEncodeV2(b, list) // in v2_test.go, built only where encoding/json/v2 exists
}

// ANCHOR_END: v1

func BenchmarkDecode(b *testing.B) {
	data, err := json.Marshal(Response())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("api=json.NewDecoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var list Decoded
			if err := json.NewDecoder(bytes.NewReader(data)).Decode(&list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("api=json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var list Decoded
			if err := json.Unmarshal(data, &list); err != nil {
				b.Fatal(err)
			}
		}
	})
	benchmarkDecodeV2(b, data)
}

// Both packages encode the same bytes and decode them back to the same value.
func TestRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(Response()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"price":"`)) {
		t.Fatalf("price is not a JSON string: %.120s", buf.Bytes())
	}
	var list Decoded
	if err := json.Unmarshal(buf.Bytes(), &list); err != nil || len(list.Items) != 20 {
		t.Fatalf("decoded %d items, %v", len(list.Items), err)
	}
	compareV2(t, buf.Bytes())
}
