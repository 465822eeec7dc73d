package shop_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"playbook.example/graphql-in-production/shop"
)

// store gives the test a fresh database of its own with the catalogue, dropped when it ends.
func store(t *testing.T) *shop.Store {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run these tests through `make listings`, which starts PostgreSQL 18")
	}
	ctx := context.Background()
	name := fmt.Sprintf("graphql_%d_%s", os.Getpid(), strings.ToLower(t.Name()))
	admin := func(sql string) {
		conn, err := pgx.Connect(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	admin("CREATE DATABASE " + pgx.Identifier{name}.Sanitize())
	t.Cleanup(func() { admin("DROP DATABASE " + pgx.Identifier{name}.Sanitize() + " WITH (FORCE)") })
	s, err := shop.Open(ctx, "dbname="+name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Pool.Close)
	if err := s.Seed(ctx, 10, 4); err != nil {
		t.Fatal(err)
	}
	return s
}

func statements(t *testing.T, s *shop.Store, cfg shop.Config, query string) (int64, string) {
	t.Helper()
	n, status, body := serve(t, s, cfg, query)
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	return n, body
}

func serve(t *testing.T, s *shop.Store, cfg shop.Config, query string) (int64, int, string) {
	t.Helper()
	schema, err := shop.NewSchema(s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = &shop.Handler{Schema: schema}
	if cfg.Loaders {
		h = shop.WithLoaders(s, h)
	}
	body := fmt.Sprintf(`{"query": %q}`, query)
	before, _ := s.Counter.Snapshot()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body)))
	after, _ := s.Counter.Snapshot()
	return after - before, rec.Code, rec.Body.String()
}

func TestNPlusOne(t *testing.T) {
	s := store(t)
	const q = `{ books(first: 40) { title author { name } } }`
	n, plain := statements(t, s, shop.Config{}, q)
	if n != 41 {
		t.Errorf("without a loader: %d statements, want 1 + 40", n)
	}
	m, batched := statements(t, s, shop.Config{Loaders: true, MaxParallelism: 64}, q)
	if m > 3 {
		t.Errorf("with a loader: %d statements, want 2 (3 if a batch split under load)", m)
	}
	if plain != batched {
		t.Errorf("the loader changed the answer:\n%s\n%s", plain, batched)
	}
}

func TestDepthLimitRejectsBeforeExecution(t *testing.T) {
	s := store(t)
	n, status, body := serve(t, s, shop.Config{Loaders: true, MaxDepth: 5},
		`{ books { author { books { author { books { title } } } } } }`)
	if n != 0 || status != http.StatusUnprocessableEntity || !strings.Contains(body, "exceeds max depth 5") {
		t.Errorf("statements %d, status %d, body %s", n, status, body)
	}
}

func TestMutationOverGETIsRefused(t *testing.T) {
	s := store(t)
	schema, err := shop.NewSchema(s, shop.Config{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	(&shop.Handler{Schema: schema}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet,
		`/graphql?query=mutation%7BrenameBook(id:%221%22,title:%22x%22)%7Bid%7D%7D`, nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("status %d, want 405", rec.Code)
	}
	var title string
	if err := s.Pool.QueryRow(context.Background(), "SELECT title FROM books WHERE id = 1").Scan(&title); err != nil || title != "Book 1" {
		t.Errorf("title %q (%v): the mutation ran", title, err)
	}
}

func TestPartialFailureNullsNearestNullableParent(t *testing.T) {
	s := store(t)
	_, body := statements(t, s, shop.Config{StockFails: map[int32]bool{2: true}, PriceFails: map[int32]bool{3: true}},
		`{ books(first: 3) { id stock priceCents } }`)
	var resp struct {
		Data struct {
			Books []*struct {
				ID    string
				Stock *int
			}
		}
		Errors []struct{ Path []any }
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	b := resp.Data.Books
	if len(b) != 3 || b[0] == nil || b[0].ID != "1" || b[1] == nil || b[1].Stock != nil || b[2] != nil {
		t.Errorf("want book 1 whole, book 2 without stock, book 3 null; got %s", body)
	}
	paths := map[string]bool{}
	for _, e := range resp.Errors {
		paths[fmt.Sprint(e.Path)] = true
	}
	if len(paths) != 2 || !paths["[books 1 stock]"] || !paths["[books 2 priceCents]"] {
		t.Errorf("error paths %v", paths)
	}
}

func TestListArgumentIsCapped(t *testing.T) {
	s := store(t)
	n, _, body := serve(t, s, shop.Config{Loaders: true, MaxDepth: 5}, `{ books(first: 1000000) { title } }`)
	if n != 0 || !strings.Contains(body, "first must be between 0 and 100") {
		t.Errorf("statements %d, body %s", n, body)
	}
}

// TestStatusCodes pins the status the handler gives each kind of failed request, including the
// one case where it does not follow the draft: graphql-go reports a variable of the wrong JSON
// type during execution, with "data": {}, so the response is a partial success, not a 422.
func TestStatusCodes(t *testing.T) {
	s := store(t)
	schema, err := shop.NewSchema(s, shop.Config{MaxDepth: 5})
	if err != nil {
		t.Fatal(err)
	}
	h := &shop.Handler{Schema: schema}
	const gqlr, plain = "application/graphql-response+json", "application/json"
	for _, c := range []struct {
		name, accept, body string
		status             int
		inBody             string
	}{
		{"body is not JSON", gqlr, `NONSENSE`, 400, `not a GraphQL request`},
		{"no query parameter", gqlr, `{"qeury": "{ __typename }"}`, 422, `no query`},
		{"variables of the wrong shape", gqlr, `{"query": "{ __typename }", "variables": [7]}`, 422, `not a GraphQL request`},
		{"parse error", gqlr, `{"query": "{"}`, 400, `"errors"`},
		{"unknown operation", gqlr, `{"query": "query A { books(first: 1) { id } }", "operationName": "B"}`, 422, `no operation named`},
		{"two operations, no name", plain, `{"query": "query A { __typename } query B { __typename }"}`, 422, `2 operations`},
		{"missing variable", gqlr, `{"query": "query($n: Int!) { books(first: $n) { id } }"}`, 422, `"errors"`},
		{"validation", plain, `{"query": "{ nope }"}`, 422, `"errors"`},
		{"variable of the wrong type", gqlr, `{"query": "query($n: Int!) { books(first: $n) { id } }", "variables": {"n": "x"}}`, 294, `"data":{}`},
		{"variable of the wrong type", plain, `{"query": "query($n: Int!) { books(first: $n) { id } }", "variables": {"n": "x"}}`, 200, `"data":{}`},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(c.body))
		req.Header.Set("Accept", c.accept)
		h.ServeHTTP(rec, req)
		if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.inBody) {
			t.Errorf("%s (%s): status %d, want %d; body %s", c.name, c.accept, rec.Code, c.status, rec.Body)
		}
	}
}

// TestCacheHeaders checks what a shared cache is told: a persisted query the service does not
// know must not be stored, and a cacheable response varies on Accept, which picks its media type.
func TestCacheHeaders(t *testing.T) {
	s := store(t)
	schema, err := shop.NewSchema(s, shop.Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := &shop.Handler{Schema: schema}
	const query = `{ books(first: 1) { id } }`
	sum := sha256.Sum256([]byte(query))
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%x"}}`, sum)
	for _, c := range []struct {
		url, cacheControl, vary string
		status                  int
	}{
		{"/graphql?" + url.Values{"extensions": {ext}}.Encode(), "no-store", "", 400},
		{"/graphql?" + url.Values{"query": {query}, "extensions": {ext}}.Encode(), "public, max-age=60", "Accept", 200},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, c.url, nil))
		if rec.Code != c.status || rec.Header().Get("Cache-Control") != c.cacheControl || rec.Header().Get("Vary") != c.vary {
			t.Errorf("%s: status %d, Cache-Control %q, Vary %q", c.url, rec.Code, rec.Header().Get("Cache-Control"), rec.Header().Get("Vary"))
		}
	}
}

// TestISBNsAreValid checks that the catalogue's isbn13 and the deprecated isbn derived from it
// both carry a correct check digit, so the deprecation example shows real ISBNs.
func TestISBNsAreValid(t *testing.T) {
	s := store(t)
	_, body := statements(t, s, shop.Config{}, `{ books { isbn isbn13 } }`)
	var resp struct {
		Data struct {
			Books []struct{ Isbn, Isbn13 string }
		}
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Data.Books) != 40 {
		t.Fatalf("%d books, want 40", len(resp.Data.Books))
	}
	for _, b := range resp.Data.Books {
		sum13 := 0
		for i, c := range b.Isbn13 {
			sum13 += int(c-'0') * (1 + 2*(i%2))
		}
		sum10 := 0
		for i, c := range b.Isbn {
			d := int(c - '0')
			if c == 'X' {
				d = 10
			}
			sum10 += d * (10 - i)
		}
		if len(b.Isbn13) != 13 || sum13%10 != 0 || len(b.Isbn) != 10 || sum10%11 != 0 {
			t.Errorf("isbn %s, isbn13 %s: a check digit is wrong", b.Isbn, b.Isbn13)
		}
	}
}
