package prices

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

var variants = []struct {
	name    string
	handler func(*Catalog) http.Handler
}{
	{"v0", V0}, {"v1", V1}, {"v2", V2}, {"pooled", Pooled},
}

func serve(h http.Handler, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

// Every optimisation must answer exactly what the first version answered.
func TestVariantsAgree(t *testing.T) {
	c := NewCatalog(1000)
	var want any
	if err := json.Unmarshal(serve(V0(c), Query()).Body.Bytes(), &want); err != nil {
		t.Fatal(err)
	}
	if n := len(want.(map[string]any)["items"].([]any)); n != 20 {
		t.Fatalf("v0 answered %d items, want 20", n)
	}
	for _, v := range variants {
		w := serve(v.handler(c), Query())
		var got any
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s answered\n%v\nwant\n%v", v.name, got, want)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json" {
			t.Errorf("%s: Content-Type %q", v.name, ct)
		}
	}
}

func TestMalformedSKU(t *testing.T) {
	c := NewCatalog(10)
	for _, v := range variants {
		w := serve(v.handler(c), "/v1/prices?sku=ABC-0001,abc-1")
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "malformed SKU abc-1") {
			t.Errorf("%s: %d %q, want 400 naming abc-1", v.name, w.Code, w.Body.String())
		}
	}
}

func TestCentsText(t *testing.T) {
	for cents, want := range map[Cents]string{0: "0.00", 5: "0.05", 199: "1.99", 123456: "1234.56"} {
		got, _ := cents.MarshalText()
		if string(got) != want {
			t.Errorf("Cents(%d) = %q, want %q", int64(cents), got, want)
		}
	}
}

// ANCHOR: bench
func BenchmarkHandler(b *testing.B) {
	c := NewCatalog(1000)
	for _, v := range variants {
		b.Run("variant="+v.name, func(b *testing.B) {
			h := v.handler(c)
			req := httptest.NewRequest(http.MethodGet, Query(), nil)
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}

// ANCHOR_END: bench
