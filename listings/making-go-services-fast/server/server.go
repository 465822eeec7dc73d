// Package server puts a handler on a public listener with timeouts, and the profiler on an
// internal one.
package server

import (
	"net/http"
	"net/http/pprof"
	"time"
)

// ANCHOR: public
// Public serves the API, and nothing else: not http.DefaultServeMux, where importing
// net/http/pprof registers the profiler.
func Public(addr string, api http.Handler) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("GET /v1/prices", api)
	return &http.Server{
		Addr:    addr,
		Handler: mux,
		// Every timeout of http.Server is zero, meaning none, unless it is set.
		ReadHeaderTimeout: 2 * time.Second,  // a client that trickles its headers
		ReadTimeout:       5 * time.Second,  // headers and body
		WriteTimeout:      10 * time.Second, // from the end of the headers to the end of the answer
		IdleTimeout:       60 * time.Second, // a kept-alive connection waiting for its next request
		MaxHeaderBytes:    16 << 10,
	}
}

// ANCHOR_END: public

// ANCHOR: debug
// Debug serves the profiler on an address that only operators reach, such as 127.0.0.1:6060
// or a port the load balancer does not forward.
func Debug(addr string) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index) // heap, allocs, goroutine, block, mutex...
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile) // CPU, ?seconds=30 by default
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	return &http.Server{
		Addr:              addr,
		Handler:           mux,
		ReadHeaderTimeout: 2 * time.Second,
		// pprof pushes the write deadline of a profile back by its seconds; this bounds the rest.
		WriteTimeout: 30 * time.Second,
	}
}

// ANCHOR_END: debug
