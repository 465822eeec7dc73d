// Package hyrum shows Hyrum's law with two releases of one small API that keep the same
// written contract, and two clients: one written against the contract, one against what the
// first release happened to do.
//
// The contract: GET /orders returns {"orders": [...], "next_cursor": "..."}, with a page size
// the server chooses and next_cursor present while there are more; GET /orders/{id} of a
// missing order answers 404 with an RFC 9457 problem whose type ends in /not-found.
package hyrum

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"playbook.example/api-contract/orders"
)

// ANCHOR: releases
// Release holds what the contract leaves to the server.
type Release struct {
	Name            string
	DefaultPageSize int
	NotFoundDetail  func(id string) string
}

var (
	Release2019 = Release{"2019", 100, func(id string) string { return "Order " + id + " not found" }}
	Release2026 = Release{"2026", 20, func(id string) string { return "There is no order " + id + "." }}
)

// ANCHOR_END: releases

// Handler serves the customer IDs in ids, newest first, as that release does.
func (r Release) Handler(ids []string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders", func(w http.ResponseWriter, req *http.Request) {
		start, _ := strconv.Atoi(req.URL.Query().Get("cursor"))
		end := min(start+r.DefaultPageSize, len(ids))
		page := struct {
			Orders     []map[string]string `json:"orders"`
			NextCursor string              `json:"next_cursor,omitempty"`
		}{}
		for _, id := range ids[start:end] {
			page.Orders = append(page.Orders, map[string]string{"id": id})
		}
		if end < len(ids) {
			page.NextCursor = strconv.Itoa(end)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(page)
	})
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusNotFound)
		json.NewEncoder(w).Encode(orders.Problem{
			Type: "https://api.example.com/problems/not-found", Title: "No such order",
			Status: http.StatusNotFound, Detail: r.NotFoundDetail(req.PathValue("id")),
		})
	})
	return mux
}

// Client reads the API at Base.
type Client struct{ Base string }

type page struct {
	Orders     []json.RawMessage `json:"orders"`
	NextCursor string            `json:"next_cursor"`
}

func (c Client) page(cursor string) (page, error) {
	var p page
	response, err := http.Get(c.Base + "/orders?cursor=" + cursor)
	if err != nil {
		return p, err
	}
	defer response.Body.Close()
	return p, json.NewDecoder(response.Body).Decode(&p)
}

func (c Client) problem(id string) (orders.Problem, error) {
	var p orders.Problem
	response, err := http.Get(c.Base + "/orders/" + id)
	if err != nil {
		return p, err
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusNotFound {
		return p, fmt.Errorf("status %d", response.StatusCode)
	}
	return p, json.NewDecoder(response.Body).Decode(&p)
}

// ANCHOR: clients
// CountFirstPage counts the orders of the first page: right as long as every customer has
// fewer orders than the default page size, which is what the 2019 server's users saw.
func (c Client) CountFirstPage() (int, error) {
	p, err := c.page("")
	return len(p.Orders), err
}

// CountAll follows next_cursor, as the contract says.
func (c Client) CountAll() (int, error) {
	n, cursor := 0, ""
	for {
		p, err := c.page(cursor)
		if err != nil {
			return n, err
		}
		n += len(p.Orders)
		if cursor = p.NextCursor; cursor == "" {
			return n, nil
		}
	}
}

// MissingByDetail decides from the human text, as someone did who saw "not found" in it.
func (c Client) MissingByDetail(id string) (bool, error) {
	p, err := c.problem(id)
	return strings.Contains(p.Detail, "not found"), err
}

// MissingByType decides from the problem type, the part of the error the contract names.
func (c Client) MissingByType(id string) (bool, error) {
	p, err := c.problem(id)
	return p.Type == "https://api.example.com/problems/not-found", err
}

// ANCHOR_END: clients
