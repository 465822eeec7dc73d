package service_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"playbook.example/api-versioning/service"
)

// june is the clock of every example: mid-2026, after version 1's deprecation and before its
// sunset, before version 2's deprecation.
func june() time.Time { return time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC) }

// listen starts the demo service on a real TCP listener on 127.0.0.1.
func listen(now func() time.Time) *httptest.Server {
	svc, err := service.New(service.DemoConfig(now))
	if err != nil {
		panic(err)
	}
	return httptest.NewServer(svc)
}

// call sends a request with the given headers ("Name: value") and prints the exchange: the
// request line, the response status, the response headers named in show, and the body.
func call(srv *httptest.Server, method, path, body string, headers []string, show ...string) {
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, reader)
	if err != nil {
		panic(err)
	}
	line := method + " " + path
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header.Add(name, value)
		if name != "Authorization" {
			line += "  " + h
		}
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	payload, _ := io.ReadAll(resp.Body)
	fmt.Println(line)
	if body != "" {
		fmt.Println("     " + body)
	}
	fmt.Println("  ->", resp.Status)
	for _, name := range show {
		for _, value := range resp.Header.Values(name) {
			fmt.Printf("     %s: %s\n", name, value)
		}
	}
	fmt.Print("     ", string(payload))
}

func bearer(key string) string { return "Authorization: Bearer " + key }
