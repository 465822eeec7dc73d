// Package jsoncost measures what encoding a response and decoding a request cost with
// encoding/json and, where the toolchain has it (GOEXPERIMENT=jsonv2), encoding/json/v2.
package jsoncost

import (
	"playbook.example/making-go-services-fast/prices"
)

// Response is the answer V2 sends for the benchmark's query: twenty items.
func Response() prices.PriceList {
	c := prices.NewCatalog(1000)
	var list prices.PriceList
	for _, sku := range prices.SampleSKUs() {
		item, ok := c.Lookup(sku)
		if !ok {
			continue
		}
		list.Items = append(list.Items, prices.PriceItem{
			SKU: item.SKU, Name: item.Name, Price: prices.Cents(item.PriceCents),
			Currency: item.Currency, Tags: item.Tags,
		})
	}
	return list
}

// Decoded is the response as a client reads it back.
type Decoded struct {
	Items []struct {
		SKU      string   `json:"sku"`
		Name     string   `json:"name"`
		Price    string   `json:"price"`
		Currency string   `json:"currency"`
		Tags     []string `json:"tags"`
	} `json:"items"`
}
