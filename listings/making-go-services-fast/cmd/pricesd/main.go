// Command pricesd serves the prices API of package prices, with the profiler on a second,
// internal listener. It prints the two addresses it listens on, and stops on SIGINT or SIGTERM.
//
//	pricesd [-addr 127.0.0.1:8080] [-debug-addr 127.0.0.1:6060] [-variant v2] [-items 1000]
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"playbook.example/making-go-services-fast/prices"
	"playbook.example/making-go-services-fast/server"
)

var variants = map[string]func(*prices.Catalog) http.Handler{
	"v0": prices.V0, "v1": prices.V1, "v2": prices.V2, "pooled": prices.Pooled,
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "the public address")
	debugAddr := flag.String("debug-addr", "127.0.0.1:6060", "the profiler's address")
	variant := flag.String("variant", "v2", "the handler: v0, v1, v2 or pooled")
	items := flag.Int("items", 1000, "how many items the catalog holds")
	flag.Parse()
	handler, ok := variants[*variant]
	if !ok {
		log.Fatalf("-variant: expected v0, v1, v2 or pooled, found %q", *variant)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	public := server.Public(*addr, handler(prices.NewCatalog(*items)))
	debug := server.Debug(*debugAddr)
	errs := make(chan error, 2)
	for name, srv := range map[string]*http.Server{"public": public, "debug": debug} {
		ln, err := net.Listen("tcp", srv.Addr)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s http://%s\n", name, ln.Addr())
		go func() { errs <- srv.Serve(ln) }()
	}
	select {
	case err := <-errs:
		log.Fatal(err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	public.Shutdown(shutdown)
	debug.Shutdown(shutdown)
}
