package service

import (
	"fmt"
	"sync"
	"time"

	"playbook.example/api-versioning/versions"
)

// A Customer as the service stores it. Only newest() knows its wire shape.
type Customer struct {
	ID      string
	Name    string
	Email   string
	Company string // optional
	Status  string // active, inactive or suspended
	Created time.Time
}

// newest is the customer in the newest version's shape. Times stay time.Time until the
// response is encoded, so that a Downgrade can convert them without parsing text.
func (c Customer) newest() versions.Resource {
	r := versions.Resource{
		"id":            c.ID,
		"name":          c.Name,
		"email_address": c.Email,
		"status":        c.Status,
		"created_at":    c.Created.UTC(),
	}
	if c.Company != "" {
		r["company"] = c.Company
	}
	return r
}

// store is the service's data, in memory: this post is about the API, not the storage.
type store struct {
	mu        sync.Mutex
	customers map[string]Customer
	next      int
}

func newStore(seed []Customer) *store {
	s := &store{customers: map[string]Customer{}, next: 100}
	for _, c := range seed {
		s.customers[c.ID] = c
	}
	return s
}

func (s *store) get(id string) (Customer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.customers[id]
	return c, ok
}

func (s *store) add(c Customer) Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.next++
	c.ID = fmt.Sprintf("cus_%d", s.next)
	s.customers[c.ID] = c
	return c
}
