package itemsvc_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"playbook.example/go-developer-looks-at-rust/itemsvc"
)

// Schema is the table both services read; the Rust test and the load driver create the same one.
const Schema = `CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price_cents bigint NOT NULL);
INSERT INTO items SELECT i, 'item ' || i, i * 100 FROM generate_series(1, 1000) AS i;`

// freshDatabase creates an empty database on the run's PostgreSQL and returns its URL.
func freshDatabase(t *testing.T) string {
	t.Helper()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		t.Fatal("DATABASE_URL is not set: run the listings with `make listings`, which starts PostgreSQL 18")
	}
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("itemsvc_test_%d", os.Getpid())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, url)
		if err == nil {
			admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)")
			admin.Close(ctx)
		}
	})
	config, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	config.Database = name
	return config.ConnString()
}

func TestItemService(t *testing.T) {
	url := freshDatabase(t)
	ctx := context.Background()
	pool, err := itemsvc.Pool(ctx, url, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if _, err := pool.Exec(ctx, Schema); err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(itemsvc.Handler(pool))
	defer server.Close()

	for _, tc := range []struct {
		path   string
		status int
		body   string
	}{
		{"/items/7", 200, `{"id":7,"name":"item 7","price_cents":700}`},
		{"/items/1001", 404, "404 page not found"},
		{"/items/seven", 400, "bad id"},
	} {
		resp, err := http.Get(server.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || strings.TrimSpace(string(body)) != tc.body {
			t.Errorf("GET %s = %d %q, want %d %q", tc.path, resp.StatusCode, body, tc.status, tc.body)
		}
	}
}
