package prices

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// ANCHOR: v0
// V0 is the handler as it was first written: correct, readable, and slower than it needs to be
// in two places that only a profile points at.
func V0(c *Catalog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		skus := strings.Split(r.URL.Query().Get("sku"), ",")
		items := make([]map[string]any, 0, len(skus))
		for _, sku := range skus {
			if !regexp.MustCompile(`^[A-Z]{3}-[0-9]{4}$`).MatchString(sku) {
				http.Error(w, "malformed SKU "+sku, http.StatusBadRequest)
				return
			}
			item, ok := c.Lookup(sku)
			if !ok {
				continue
			}
			items = append(items, map[string]any{
				"sku":      item.SKU,
				"name":     item.Name,
				"price":    fmt.Sprintf("%d.%02d", item.PriceCents/100, item.PriceCents%100),
				"currency": item.Currency,
				"tags":     item.Tags,
			})
		}
		body, err := json.Marshal(map[string]any{"items": items})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}

// ANCHOR_END: v0
