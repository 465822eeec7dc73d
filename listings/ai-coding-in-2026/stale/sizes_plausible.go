//go:build plausible

package stale

import (
	"errors"
	"io"
	"io/ioutil"
	"sync"
)

// ANCHOR: plausible
// BodySizes reads every body concurrently and returns their sizes, in order.
func BodySizes(bodies []io.Reader) ([]int, error) {
	sizes := make([]int, len(bodies))
	errs := make([]error, len(bodies))
	var wg sync.WaitGroup
	for i, body := range bodies {
		i, body := i, body
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, err := ioutil.ReadAll(body)
			sizes[i], errs[i] = len(data), err
		}()
	}
	wg.Wait()
	return sizes, errors.Join(errs...)
}

// ANCHOR_END: plausible
