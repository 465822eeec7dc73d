package prices

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// ANCHOR: pooled
// buffers holds response buffers between requests. A buffer that grew past maxPooled is left to
// the collector, so that one huge response does not pin its memory in the pool for ever.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooled = 64 << 10

// Pooled is V2 encoding into a pooled buffer, then writing it with one call: the change that
// "everyone knows" saves allocations.
func Pooled(c *Catalog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ANCHOR_END: pooled
		skus := strings.Split(r.URL.Query().Get("sku"), ",")
		list := PriceList{Items: make([]PriceItem, 0, len(skus))}
		for _, sku := range skus {
			if !skuPattern.MatchString(sku) {
				http.Error(w, "malformed SKU "+sku, http.StatusBadRequest)
				return
			}
			item, ok := c.Lookup(sku)
			if !ok {
				continue
			}
			list.Items = append(list.Items, PriceItem{
				SKU: item.SKU, Name: item.Name, Price: Cents(item.PriceCents),
				Currency: item.Currency, Tags: item.Tags,
			})
		}
		// ANCHOR: pooled-write
		buf := buffers.Get().(*bytes.Buffer)
		defer func() {
			if buf.Cap() <= maxPooled {
				buf.Reset()
				buffers.Put(buf)
			}
		}()
		if err := json.NewEncoder(buf).Encode(list); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(buf.Bytes())
		// ANCHOR_END: pooled-write
	})
}
