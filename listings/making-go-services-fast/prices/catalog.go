// Package prices is the service this post makes fast: GET /v1/prices?sku=ABC-0001,ABC-0002
// answers with the name, price and tags of each SKU as JSON. The catalog lives in memory; the
// database's part of the story is in package dbtrips.
package prices

import (
	"fmt"
	"strings"
)

// Item is one product of the catalog.
type Item struct {
	SKU        string
	Name       string
	PriceCents int64
	Currency   string
	Tags       []string
}

// Catalog is a read-only map from SKU to item, built once at start.
type Catalog struct {
	items map[string]Item
}

// Lookup returns the item with the SKU.
func (c *Catalog) Lookup(sku string) (Item, bool) {
	item, ok := c.items[sku]
	return item, ok
}

// NewCatalog makes a catalog of n items with SKUs ABC-0000, ABC-0001, ..., the same every time.
func NewCatalog(n int) *Catalog {
	c := &Catalog{items: make(map[string]Item, n)}
	for i := range n {
		sku := SKU(i)
		c.items[sku] = Item{
			SKU:        sku,
			Name:       fmt.Sprintf("Widget model %d", i),
			PriceCents: int64(199 + i*37%9800),
			Currency:   "EUR",
			Tags:       []string{"hardware", fmt.Sprintf("series-%d", i%7)},
		}
	}
	return c
}

// SKU is the i-th SKU of NewCatalog's catalog.
func SKU(i int) string { return fmt.Sprintf("ABC-%04d", i) }

// SampleSKUs are the SKUs of the request that the post's tests, benchmarks and load send: one
// that does not exist, which the answer leaves out, and twenty that do.
func SampleSKUs() []string {
	skus := []string{"ABC-9999"}
	for i := range 20 {
		skus = append(skus, SKU(i*37))
	}
	return skus
}

// Query is the path and query of that request.
func Query() string { return "/v1/prices?sku=" + strings.Join(SampleSKUs(), ",") }
