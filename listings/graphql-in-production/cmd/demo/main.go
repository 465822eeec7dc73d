// Command demo runs every scenario of "GraphQL in Production Is Harder Than They Tell You"
// against PostgreSQL 18 (the database in the PG* variables) and prints one section per scenario,
// each after a line "==> name <==".
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"playbook.example/graphql-in-production/shop"
)

const (
	authors   = 10
	perAuthor = 4
)

func main() {
	ctx := context.Background()
	store, err := shop.Open(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer store.Pool.Close()
	if err := store.Seed(ctx, authors, perAuthor); err != nil {
		log.Fatal(err)
	}
	if _, err := store.Pool.Exec(ctx, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"); err != nil {
		log.Fatal(err)
	}
	nPlusOne(ctx, store)
	depth(ctx, store)
	partial(store)
	caching(store)
	deprecation(store)
}

// server starts the service on a local port, with per-request loaders when cfg asks for them.
func server(store *shop.Store, cfg shop.Config) *httptest.Server {
	schema, err := shop.NewSchema(store, cfg)
	if err != nil {
		log.Fatal(err)
	}
	var h http.Handler = &shop.Handler{Schema: schema}
	if cfg.Loaders {
		h = shop.WithLoaders(store, h)
	}
	return httptest.NewServer(h)
}

type result struct {
	status     int
	header     http.Header
	body       []byte
	statements int64
	rows       int64
	elapsed    time.Duration
}

// do sends one request and counts the statements the service sent while serving it.
func do(store *shop.Store, req *http.Request) result {
	s0, r0 := store.Counter.Snapshot()
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		log.Fatal(err)
	}
	elapsed := time.Since(start)
	s1, r1 := store.Counter.Snapshot()
	return result{resp.StatusCode, resp.Header, body, s1 - s0, r1 - r0, elapsed}
}

func post(url, accept, query string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", accept)
	return req
}

func get(rawURL string) *http.Request {
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Accept", "application/graphql-response+json")
	return req
}

// pgssCalls is what pg_stat_statements counted for the catalogue's tables in this database.
func pgssCalls(ctx context.Context, store *shop.Store) int64 {
	var n int64
	err := store.Pool.QueryRow(ctx, `
SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND query ~ 'FROM (authors|books)'`).Scan(&n)
	if err != nil {
		log.Fatal(err)
	}
	return n
}

func resetPgss(ctx context.Context, store *shop.Store) {
	// Only this database's entries: other listings may share the server.
	if _, err := store.Pool.Exec(ctx, `SELECT pg_stat_statements_reset(0,
		(SELECT oid FROM pg_database WHERE datname = current_database()), 0)`); err != nil {
		log.Fatal(err)
	}
}

// ANCHOR: listing_query
const listing = `{ books(first: 40) { title author { name } } }`

// ANCHOR_END: listing_query

func nPlusOne(ctx context.Context, store *shop.Store) {
	fmt.Println("==> nplusone <==")
	fmt.Printf("query: %s\n", listing)
	fmt.Printf("data: %d authors, %d books each\n", authors, perAuthor)
	for _, c := range []struct {
		name string
		cfg  shop.Config
	}{
		{"no loader", shop.Config{}},
		{"loader, MaxParallelism 10 (default)", shop.Config{Loaders: true}},
		{"loader, MaxParallelism 64", shop.Config{Loaders: true, MaxParallelism: 64}},
	} {
		srv := server(store, c.cfg)
		do(store, post(srv.URL, "application/json", listing)) // warm the pool's connections
		resetPgss(ctx, store)
		res := do(store, post(srv.URL, "application/json", listing))
		calls := pgssCalls(ctx, store)
		srv.Close()
		fmt.Printf("%-36s status %d, statements %d (pg_stat_statements: %d), rows %d, %.1f ms\n",
			c.name+":", res.status, res.statements, calls, res.rows, ms(res.elapsed))
	}
}

// ANCHOR: hostile_query
const hostile = `{ books { author { books { author { books { author { books { title } } } } } } } }`

// ANCHOR_END: hostile_query

// ANCHOR: wide_query
// aliased asks for the same books n times under other names, never deeper than 4 levels.
func aliased(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("b%d: books { author { books { title } } }", i)
	}
	return "{ " + strings.Join(parts, " ") + " }"
}

// ANCHOR_END: wide_query

const aliases = 25

var wide = aliased(aliases)

func depth(ctx context.Context, store *shop.Store) {
	fmt.Println("==> depth_cost <==")
	fmt.Printf("query: %s\n", hostile)
	for _, c := range []struct {
		name string
		cfg  shop.Config
	}{
		{"no limit, no loader", shop.Config{}},
		{"no limit, loader", shop.Config{Loaders: true, MaxParallelism: 64}},
		{"MaxDepth 5, loader", shop.Config{Loaders: true, MaxParallelism: 64, MaxDepth: 5}},
	} {
		srv := server(store, c.cfg)
		res := do(store, post(srv.URL, "application/json", listing)) // warm up
		res = do(store, post(srv.URL, "application/json", hostile))
		srv.Close()
		fmt.Printf("%-20s status %d, statements %d, rows read %d, response %d bytes, %d titles, %.1f ms\n",
			c.name+":", res.status, res.statements, res.rows, len(res.body), bytes.Count(res.body, []byte(`"title"`)), ms(res.elapsed))
	}

	fmt.Println("==> depth_aliases <==")
	wsrv := server(store, shop.Config{Loaders: true, MaxParallelism: 64, MaxDepth: 5})
	wres := do(store, post(wsrv.URL, "application/json", wide))
	wsrv.Close()
	fmt.Printf("query: %.60s... (%d aliases, depth 4)\n", wide, aliases)
	fmt.Printf("%-20s status %d, statements %d, rows read %d, response %d bytes, %d titles, %.1f ms\n",
		"MaxDepth 5, loader:", wres.status, wres.statements, wres.rows, len(wres.body),
		bytes.Count(wres.body, []byte(`"title"`)), ms(wres.elapsed))

	fmt.Println("==> depth_limit <==")
	srv := server(store, shop.Config{Loaders: true, MaxDepth: 5})
	defer srv.Close()
	for _, accept := range []string{"application/json", "application/graphql-response+json"} {
		res := do(store, post(srv.URL, accept, hostile))
		fmt.Printf("Accept: %s\n", accept)
		fmt.Printf("  status %d, Content-Type %s, statements %d\n", res.status, res.header.Get("Content-Type"), res.statements)
		fmt.Printf("  %s\n", res.body)
	}
}

// ANCHOR: partial_query
const partialQuery = `{ books(first: 3) { id title stock priceCents } }`

// ANCHOR_END: partial_query

func partial(store *shop.Store) {
	fmt.Println("==> partial <==")
	srv := server(store, shop.Config{Loaders: true,
		StockFails: map[int32]bool{2: true}, PriceFails: map[int32]bool{3: true}})
	defer srv.Close()
	fmt.Printf("query: %s\n", partialQuery)
	fmt.Println("inventory fails for book 2, pricing fails for book 3")
	for _, accept := range []string{"application/json", "application/graphql-response+json"} {
		res := do(store, post(srv.URL, accept, partialQuery))
		fmt.Printf("Accept: %s -> status %d\n", accept, res.status)
		if accept == "application/json" {
			fmt.Println(indentSorted(res.body))
		}
	}
}

// indentSorted indents a response with its errors in path order (the resolvers run in parallel,
// so the errors arrive in any order).
func indentSorted(body []byte) string {
	var resp struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors,omitempty"`
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		log.Fatal(err)
	}
	slices.SortFunc(resp.Errors, func(a, b json.RawMessage) int {
		var pa, pb struct{ Path []any }
		json.Unmarshal(a, &pa)
		json.Unmarshal(b, &pb)
		return strings.Compare(fmt.Sprint(pa.Path), fmt.Sprint(pb.Path))
	})
	out, err := json.MarshalIndent(resp, "", "  ")
	if err != nil {
		log.Fatal(err)
	}
	return string(out)
}

func caching(store *shop.Store) {
	fmt.Println("==> caching <==")
	schema, err := shop.NewSchema(store, shop.Config{Loaders: true})
	if err != nil {
		log.Fatal(err)
	}
	cdn := &shop.SharedCache{Next: shop.WithLoaders(store, &shop.Handler{Schema: schema})}
	srv := httptest.NewServer(cdn)
	defer srv.Close()

	// ANCHOR: apq_urls
	const query = `query TopBooks { books(first: 2) { id title } }`
	sum := sha256.Sum256([]byte(query))
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hex.EncodeToString(sum[:]))
	hashOnly := srv.URL + "/graphql?" + url.Values{"extensions": {ext}}.Encode()
	withText := srv.URL + "/graphql?" + url.Values{"query": {query}, "extensions": {ext}}.Encode()
	// ANCHOR_END: apq_urls

	steps := []struct {
		what string
		req  *http.Request
	}{
		{"POST the query", post(srv.URL+"/graphql", "application/graphql-response+json", query)},
		{"POST the same query again", post(srv.URL+"/graphql", "application/graphql-response+json", query)},
		{"GET with the hash only", get(hashOnly)},
		{"GET with the hash and the text", get(withText)},
		{"GET with the hash only", get(hashOnly)},
		{"GET with the hash only, again", get(hashOnly)},
		{"GET a mutation", get(srv.URL + "/graphql?" + url.Values{"query": {`mutation { renameBook(id: "1", title: "x") { id } }`}}.Encode())},
	}
	fmt.Printf("sha256Hash: %s\n", hex.EncodeToString(sum[:]))
	vary := "-"
	for i, s := range steps {
		res := do(store, s.req)
		if strings.Contains(res.header.Get("Cache-Control"), "public") {
			vary = orDash(res.header.Get("Vary"))
		}
		fmt.Printf("%d. %-31s %d  cache %-4s statements %d  Cache-Control: %s\n", i+1, s.what, res.status,
			res.header.Get("X-Cache"), res.statements, orDash(res.header.Get("Cache-Control")))
		if bytes.Contains(res.body, []byte("PersistedQueryNotFound")) || res.status == http.StatusMethodNotAllowed {
			fmt.Printf("   %s\n", strings.TrimSpace(string(res.body)))
		}
	}
	fmt.Printf("Vary on the public responses: %s\n", vary)
	fmt.Printf("URL length with the hash only: %d bytes; with the text: %d bytes\n",
		len(strings.TrimPrefix(hashOnly, srv.URL)), len(strings.TrimPrefix(withText, srv.URL)))
}

// ANCHOR: deprecation_query
const introspect = `{ __type(name: "Book") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`

// ANCHOR_END: deprecation_query

func deprecation(store *shop.Store) {
	fmt.Println("==> deprecation <==")
	srv := server(store, shop.Config{Loaders: true})
	defer srv.Close()
	res := do(store, post(srv.URL, "application/json", introspect))
	var out struct {
		Data struct {
			Type struct {
				Fields []struct {
					Name              string
					IsDeprecated      bool
					DeprecationReason *string
				}
			} `json:"__type"`
		}
	}
	if err := json.Unmarshal(res.body, &out); err != nil {
		log.Fatal(err)
	}
	for _, f := range out.Data.Type.Fields {
		reason := "-"
		if f.DeprecationReason != nil {
			reason = *f.DeprecationReason
		}
		fmt.Printf("Book.%-10s deprecated %-5v %s\n", f.Name, f.IsDeprecated, reason)
	}
	res = do(store, post(srv.URL, "application/json", `{ books(first: 1) { id isbn isbn13 } }`))
	fmt.Printf("an old client still asking for isbn: %d %s\n", res.status, res.body)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
