package httpclient

import (
	"fmt"
	"net/http"
	"testing"
)

// ANCHOR: example
func Example_connections() {
	for _, c := range []struct {
		name string
		size int
		read Reader
	}{
		{"read to the end", 1 << 10, ReadAll},
		{"json.Decoder only", 1 << 10, DecodeOnly},
		{"closed unread", 1 << 10, CloseOnly},
		{"closed unread, 1 MiB", 1 << 20, CloseOnly},
	} {
		srv := NewServer(c.size, 0)
		client := &http.Client{Transport: &http.Transport{}}
		if err := Sequential(client, srv.URL, 100, c.read); err != nil {
			panic(err)
		}
		client.CloseIdleConnections()
		srv.Close()
		fmt.Printf("%-28s %3d connections for 100 requests\n", c.name, srv.NewConns())
	}
	srv := NewServer(1<<10, 0)
	if err := FreshClient(srv.URL, 100); err != nil {
		panic(err)
	}
	srv.Close()
	fmt.Printf("%-28s %3d connections for 100 requests\n", "a Transport per request", srv.NewConns())
	// Output:
	// read to the end                1 connections for 100 requests
	// json.Decoder only              1 connections for 100 requests
	// closed unread                100 connections for 100 requests
	// closed unread, 1 MiB         100 connections for 100 requests
	// a Transport per request      100 connections for 100 requests
}

// ANCHOR_END: example

// BenchmarkGet is one small request over a kept-alive connection, and over a new one each time.
func BenchmarkGet(b *testing.B) {
	srv := NewServer(1<<10, 0)
	defer srv.Close()
	b.Run("conn=reused", func(b *testing.B) {
		client := &http.Client{Transport: &http.Transport{}}
		defer client.CloseIdleConnections()
		for b.Loop() {
			if err := Sequential(client, srv.URL, 1, ReadAll); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("conn=new", func(b *testing.B) {
		for b.Loop() {
			if err := FreshClient(srv.URL, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
}
