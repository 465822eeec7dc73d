// Command redirect shows what a ServeMux with the subtree pattern /v1/ answers to a POST for
// the bare /v1, and what reaches the handler after Go's client has followed that answer.
package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
)

// ANCHOR: redirect
func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s with a %d-byte body", r.Method, r.URL.Path, len(body))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	const customer = `{"name":"Ada Lovelace"}`

	stay := *srv.Client()
	stay.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := stay.Post(srv.URL+"/v1", "application/json", strings.NewReader(customer))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Printf("%s: POST /v1 -> %s, Location: %s\n", runtime.Version(), resp.Status, resp.Header.Get("Location"))

	resp, err = srv.Client().Post(srv.URL+"/v1", "application/json", strings.NewReader(customer))
	if err != nil {
		panic(err)
	}
	arrived, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Printf("followed by Go's client, the handler received: %s\n", arrived)
}

// ANCHOR_END: redirect
