package shop_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
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
