// Command conns counts the connections a client opens in the cases whose count varies from run
// to run: a body that json.Decoder leaves unfinished, a body closed unread (drained by Go 1.27),
// and a fan-out of parallel requests through one Transport. Run it with each toolchain (GOTOOLCHAIN=go1.27.0).
package main

import (
	"fmt"
	"log"
	"net/http"
	"runtime"
	"time"

	"playbook.example/making-go-services-fast/httpclient"
)

func main() {
	fmt.Println(runtime.Version())
	sequential := []struct {
		name string
		size int
		read httpclient.Reader
	}{
		{"closed unread, 1 KiB", 1 << 10, httpclient.CloseOnly},
		{"closed unread, 200 KiB", 200 << 10, httpclient.CloseOnly},
		{"closed unread, 1 MiB", 1 << 20, httpclient.CloseOnly},
		{"json.Decoder only, 300 KiB", 300 << 10, httpclient.DecodeOnly},
		{"json.Decoder, drained, 300 KiB", 300 << 10, httpclient.DecodeAndDrain},
	}
	for _, c := range sequential {
		srv := httpclient.NewServer(c.size, 0)
		client := &http.Client{Transport: &http.Transport{}}
		if err := httpclient.Sequential(client, srv.URL, 100, c.read); err != nil {
			log.Fatal(err)
		}
		client.CloseIdleConnections()
		srv.Close()
		fmt.Printf("%-34s %4d connections for 100 requests\n", c.name+":", srv.NewConns())
	}
	// ANCHOR: concurrent
	for _, idle := range []int{0, 16} { // 0: http.DefaultMaxIdleConnsPerHost, which is 2
		srv := httpclient.NewServer(1<<10, 2*time.Millisecond) // a backend that takes 2 ms
		transport := &http.Transport{MaxIdleConnsPerHost: idle}
		client := &http.Client{Transport: transport}
		if err := httpclient.FanOut(client, srv.URL, 16, 100); err != nil {
			log.Fatal(err)
		}
		transport.CloseIdleConnections()
		srv.Close()
		fmt.Printf("fan-out of 16, MaxIdleConnsPerHost %2d: %4d connections for 1600 requests\n", idle, srv.NewConns())
	}
	// ANCHOR_END: concurrent
}
