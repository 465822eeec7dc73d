// Package httpclient counts the TCP connections a client opens for the same requests read in
// different ways: what keeps net/http's connection reuse working, and what quietly breaks it.
package httpclient

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Server answers every request with a JSON object of about size bytes, as encoding/json writes
// it: with a newline at the end, after taking latency to think, as a real backend would. It
// counts the connections clients open to it.
type Server struct {
	*httptest.Server
	newConns atomic.Int64
}

func NewServer(size int, latency time.Duration) *Server {
	body, _ := json.Marshal(map[string]string{"padding": strings.Repeat("x", max(size-16, 0))})
	body = append(body, '\n')
	s := &Server{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(latency)
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.newConns.Add(1)
		}
	}
	s.Start()
	return s
}

// NewConns is the number of connections opened so far.
func (s *Server) NewConns() int64 { return s.newConns.Load() }

// A Reader is one way of consuming a response.
type Reader func(resp *http.Response) error

// ANCHOR: readers
// ReadAll reads the body to its end, then closes it: the connection goes back to the pool.
func ReadAll(resp *http.Response) error {
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

// DecodeOnly decodes one JSON value and closes the body. Whether the body reached its end by
// then depends on how the response was framed (see the text).
func DecodeOnly(resp *http.Response) error {
	defer resp.Body.Close()
	var v map[string]any
	return json.NewDecoder(resp.Body).Decode(&v)
}

// DecodeAndDrain decodes the value, then reads whatever is left before closing.
func DecodeAndDrain(resp *http.Response) error {
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return err
	}
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

// CloseOnly looks at the status and closes the body unread.
func CloseOnly(resp *http.Response) error {
	return resp.Body.Close()
}

// ANCHOR_END: readers

// Sequential sends n requests one after another with client and reads each answer with read.
func Sequential(client *http.Client, url string, n int, read Reader) error {
	for range n {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		if err := read(resp); err != nil {
			return err
		}
	}
	return nil
}

// FreshClient sends each request with a client of its own, and so a Transport of its own: the
// pattern of a helper that builds its client inside the function.
func FreshClient(url string, n int) error {
	for range n {
		transport := &http.Transport{}
		client := &http.Client{Transport: transport}
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		if err := ReadAll(resp); err != nil {
			return err
		}
		transport.CloseIdleConnections() // without this, each request also leaks a connection
	}
	return nil
}

// FanOut sends width requests at once, waits for all of them, and does so rounds times: a
// handler that asks one backend for several things in parallel on every request.
func FanOut(client *http.Client, url string, width, rounds int) error {
	for range rounds {
		var wg sync.WaitGroup
		errs := make(chan error, width)
		for range width {
			wg.Go(func() {
				if err := Sequential(client, url, 1, ReadAll); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
