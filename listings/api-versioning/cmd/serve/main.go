// Command serve runs the customers API on a free port of 127.0.0.1 for cache_demo.py. It
// prints its address, numbers the responses it sends (the Served-Request header), and stops
// when its standard input is closed, so that it never outlives the process that started it.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"playbook.example/api-versioning/service"
)

func main() {
	now := flag.String("now", "", "a fixed clock, RFC 3339 (default: the real time)")
	stripVary := flag.Bool("strip-vary", false, "drop the Vary field from every response, as a misconfigured proxy can")
	flag.Parse()

	clock := time.Now
	if *now != "" {
		t, err := time.Parse(time.RFC3339, *now)
		if err != nil {
			log.Fatalf("-now: expected an RFC 3339 time such as 2026-06-15T12:00:00Z, found %q", *now)
		}
		clock = func() time.Time { return t }
	}
	svc, err := service.New(service.DemoConfig(clock))
	if err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on http://%s\n", listener.Addr())

	var handler http.Handler = svc
	if *stripVary {
		handler = withoutVary(handler)
	}
	// A response that a cache stores keeps its number: a page that reads a number it has
	// seen before got its answer from a cache, not from this server.
	var served atomic.Int64
	numbered := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Served-Request", strconv.FormatInt(served.Add(1), 10))
		handler.ServeHTTP(w, r)
	})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	log.Fatal(http.Serve(listener, numbered))
}

// withoutVary deletes Vary from every response just before its header is sent.
func withoutVary(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&varyless{ResponseWriter: w}, r)
	})
}

type varyless struct {
	http.ResponseWriter
	sent bool
}

func (v *varyless) WriteHeader(status int) {
	if v.sent {
		return
	}
	v.sent = true
	v.Header().Del("Vary")
	v.ResponseWriter.WriteHeader(status)
}

func (v *varyless) Write(b []byte) (int, error) {
	v.WriteHeader(http.StatusOK) // as net/http does for a handler that writes first
	return v.ResponseWriter.Write(b)
}
