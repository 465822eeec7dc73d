// Package load drives an HTTP endpoint from a fixed number of goroutines, the way the post loads
// the prices service while profiling it.
package load

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// Run sends GET url from workers goroutines, each waiting for its answer before sending the
// next, until ctx ends. It returns the number of answers read, all of which must be 200 OK.
func Run(ctx context.Context, url string, workers int) (int64, error) {
	// One connection per worker, kept alive: the load measures the service, not TCP handshakes.
	transport := &http.Transport{MaxIdleConnsPerHost: workers}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport}
	var (
		answers atomic.Int64
		failure atomic.Value
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				if err := get(ctx, client, url); err != nil {
					if ctx.Err() == nil {
						failure.Store(err)
					}
					return
				}
				answers.Add(1)
			}
		})
	}
	wg.Wait()
	if err, _ := failure.Load().(error); err != nil {
		return answers.Load(), err
	}
	return answers.Load(), nil
}

func get(ctx context.Context, client *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}
