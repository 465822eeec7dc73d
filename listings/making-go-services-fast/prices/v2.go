package prices

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// ANCHOR: v2
// PriceList is the response, as a type: the encoder learns its shape once per type instead of
// sorting and reflecting over the keys of a map for every item of every response.
type PriceList struct {
	Items []PriceItem `json:"items"`
}

type PriceItem struct {
	SKU      string   `json:"sku"`
	Name     string   `json:"name"`
	Price    Cents    `json:"price"`
	Currency string   `json:"currency"`
	Tags     []string `json:"tags"`
}

// Cents encodes as a JSON string with two decimals, "12.34", built without fmt.
type Cents int64

func (c Cents) MarshalText() ([]byte, error) { return c.AppendText(nil) }

func (c Cents) AppendText(b []byte) ([]byte, error) {
	b = strconv.AppendInt(b, int64(c)/100, 10)
	b = append(b, '.', byte('0'+c%100/10), byte('0'+c%10))
	return b, nil
}

// V2 is V1 with the change its allocation profile asked for.
func V2(c *Catalog) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(list); err != nil {
			// The status line is already sent; all that is left is to stop writing.
			return
		}
	})
}

// ANCHOR_END: v2
