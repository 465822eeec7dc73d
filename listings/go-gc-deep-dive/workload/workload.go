// Package workload is a small stand-in for a service: a cache that stays
// live for the whole run and requests that each allocate a response and
// drop it. The programs under cmd/ drive it to produce GC traces.
package workload

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sync"
	"time"

	"playbook.example/go-gc-deep-dive/reduce"
)

// entry is a cached product: 64 bytes with two pointers, so the live heap
// is made of many small objects that the collector has to scan.
type entry struct {
	next  *entry
	sku   string
	stock int64
	price int64
	_     [3]int64
}

// Cache is the live part of the heap.
type Cache struct {
	entries []*entry
}

// EntryBytes is the heap size of one cache entry plus its slot in the index.
const EntryBytes = 64 + 8

// NewCache returns a cache of about size bytes.
func NewCache(size int) *Cache {
	c := &Cache{}
	c.Grow(size)
	return c
}

// Grow adds entries until the cache holds about size bytes.
func (c *Cache) Grow(size int) {
	for len(c.entries)*EntryBytes < size {
		e := &entry{sku: "SKU", stock: int64(len(c.entries))}
		if n := len(c.entries); n > 0 {
			e.next = c.entries[n-1]
		}
		c.entries = append(c.entries, e)
	}
}

// Render writes an order as the response body.
type Render func(io.Writer, []reduce.Line) error

// Renders are the ways of rendering the programs can choose from by name.
var Renders = map[string]Render{
	"naive": func(w io.Writer, lines []reduce.Line) error {
		_, err := w.Write(reduce.RenderNaive(lines))
		return err
	},
	"prealloc": func(w io.Writer, lines []reduce.Line) error {
		_, err := w.Write(reduce.RenderPrealloc(lines))
		return err
	},
	"pool": reduce.WriteCSV,
}

// Serve handles requests on workers goroutines. Each request looks up a
// few entries, renders an order of orderLines lines and writes it to io.Discard.
// It returns how long each request took, sorted.
func Serve(c *Cache, requests, workers, orderLines int, render Render) []time.Duration {
	var wg sync.WaitGroup
	var mu sync.Mutex
	took := make([]time.Duration, 0, requests)
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			order := make([]reduce.Line, orderLines)
			mine := make([]time.Duration, 0, requests/workers+1)
			for id := range next {
				start := time.Now()
				c.Order(order, id)
				if err := render(io.Discard, order); err != nil {
					panic(err)
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			took = append(took, mine...)
			mu.Unlock()
		})
	}
	for id := range requests {
		next <- id
	}
	close(next)
	wg.Wait()
	slices.Sort(took)
	return took
}

// Order fills order with request id's lines, made of entries spread over the cache.
func (c *Cache) Order(order []reduce.Line, id int) {
	for i := range order {
		e := c.entries[(id*31+i*17)%len(c.entries)]
		order[i] = reduce.Line{SKU: e.sku, Quantity: 1 + i%5, PriceCents: e.price + e.stock}
	}
}

// Quantile returns the q-quantile (0 < q ≤ 1) of sorted durations by the
// nearest-rank method.
func Quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// MiB formats bytes as mebibytes with one decimal.
func MiB(bytes uint64) string {
	return fmt.Sprintf("%.1f", float64(bytes)/(1<<20))
}
