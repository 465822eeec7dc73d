package client_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"playbook.example/api-versioning/client"
	"playbook.example/api-versioning/service"
)

func printNotice(n client.Notice) {
	fmt.Printf("notice: %s %s\n", n.Method, n.Path)
	if !n.Deprecated.IsZero() {
		fmt.Println("  deprecated:", n.Deprecated.Format(time.RFC3339))
	}
	if !n.Sunset.IsZero() {
		fmt.Println("  sunset:    ", n.Sunset.Format(time.RFC3339))
	}
	for _, l := range n.Links {
		fmt.Println("  link:      ", l)
	}
	for _, p := range n.Problems {
		fmt.Println("  problem:   ", p)
	}
}

// ANCHOR: example
// An integration pinned to version 1 reads the same customer three times and version 3 once:
// one notice, on the first request that met the fields.
func Example_watcher() {
	svc, err := service.New(service.DemoConfig(func() time.Time {
		return time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC)
	}))
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(svc)
	defer srv.Close()

	c := &http.Client{Transport: &client.Watcher{Next: srv.Client().Transport, Report: printNotice}}
	for _, path := range []string{"/v1/customers/cus_42", "/v1/customers/cus_42", "/v3/customers/cus_42", "/v1/customers/cus_42"} {
		req, _ := newRequest(srv.URL + path)
		resp, err := c.Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
	}
	// Output:
	// notice: GET /v1/customers/cus_42
	//   deprecated: 2024-10-01T00:00:00Z
	//   sunset:     2026-12-31T23:59:59Z
	//   link:       <https://developer.example.com/changelog#2020-12-01>; rel="deprecation"; type="text/html"
	//   link:       <https://developer.example.com/changelog#2020-12-01>; rel="sunset"; type="text/html"
}

// ANCHOR_END: example

func newRequest(url string) (*http.Request, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err == nil {
		req.Header.Set("Authorization", "Bearer key_2021")
	}
	return req, err
}

// ANCHOR: drafts
// Servers that followed the drafts send an HTTP-date; others get the order of the dates wrong.
func Example_nonConforming() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/draft":
			w.Header().Set("Deprecation", "Wed, 27 Nov 2019 14:34:29 GMT")
		case "/reversed":
			w.Header().Set("Deprecation", "@1767225600")
			w.Header().Set("Sunset", "Wed, 31 Dec 2025 23:59:59 GMT")
		case "/garbled":
			w.Header().Set("Deprecation", "true")
		}
	}))
	defer srv.Close()
	c := &http.Client{Transport: &client.Watcher{Next: srv.Client().Transport, Report: printNotice}}
	for _, path := range []string{"/draft", "/reversed", "/garbled", "/plain"} {
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
	}
	// Output:
	// notice: GET /draft
	//   deprecated: 2019-11-27T14:34:29Z
	//   problem:    Deprecation "Wed, 27 Nov 2019 14:34:29 GMT" is an HTTP-date, the form of the drafts; RFC 9745 sends @<Unix seconds>
	// notice: GET /reversed
	//   deprecated: 2026-01-01T00:00:00Z
	//   sunset:     2025-12-31T23:59:59Z
	//   problem:    Sunset is earlier than Deprecation, which RFC 9745 forbids: ask the provider
	// notice: GET /garbled
	//   problem:    Deprecation "true" is neither a Structured Field Date nor an HTTP-date
}

// ANCHOR_END: drafts
