//go:build !plausible

// Package stale holds one function in two versions that behave alike: the one in this file, in
// the idioms of Go 1.26, and a plausible one (sizes_plausible.go, built only with -tags
// plausible) in the idioms of Go 1.15, the kind of code older training data is full of. The
// tests show that both pass the same test and that go fix finds nothing to change in the first;
// the record gofix_diff (records.toml) is what it proposes for the second.
package stale

import (
	"errors"
	"io"
	"sync"
)

// ANCHOR: fixed
// BodySizes reads every body concurrently and returns their sizes, in order.
func BodySizes(bodies []io.Reader) ([]int, error) {
	sizes := make([]int, len(bodies))
	errs := make([]error, len(bodies))
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Go(func() {
			data, err := io.ReadAll(body)
			sizes[i], errs[i] = len(data), err
		})
	}
	wg.Wait()
	return sizes, errors.Join(errs...)
}

// ANCHOR_END: fixed
