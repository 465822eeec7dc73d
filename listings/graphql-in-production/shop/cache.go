package shop

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// ANCHOR: cache
// SharedCache stands in for a CDN in front of the service: like an HTTP cache (RFC 9111) it keys
// a stored response on the method and the URL, and stores only GET responses marked public.
// A POST's body, where a GraphQL query travels, is not part of any key. It ignores Vary, which a
// real cache adds to the key; every GET the demo sends carries the same Accept.
type SharedCache struct {
	Next http.Handler

	mu     sync.Mutex
	stored map[string]*httptest.ResponseRecorder
	Hits   int
}

func (c *SharedCache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.String()
	if r.Method == http.MethodGet {
		c.mu.Lock()
		rec, ok := c.stored[key]
		if ok {
			c.Hits++
		}
		c.mu.Unlock()
		if ok {
			copyResponse(w, rec, "HIT")
			return
		}
	}
	rec := httptest.NewRecorder()
	c.Next.ServeHTTP(rec, r)
	if r.Method == http.MethodGet && strings.Contains(rec.Header().Get("Cache-Control"), "public") {
		c.mu.Lock()
		if c.stored == nil {
			c.stored = map[string]*httptest.ResponseRecorder{}
		}
		c.stored[key] = rec
		c.mu.Unlock()
	}
	copyResponse(w, rec, "MISS")
}

// ANCHOR_END: cache

func copyResponse(w http.ResponseWriter, rec *httptest.ResponseRecorder, state string) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("X-Cache", state)
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
}
