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
	// One connection, so that the statements the handler prepared can be read back from its session.
	pool, err := itemsvc.Pool(ctx, url, 1)
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
	for i := range 5 {
		resp, err := http.Get(fmt.Sprintf("%s/items/%d", server.URL, i+1))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	// The query reached PostgreSQL 7 times (the bad id never does): parsed once, executed 7 times.
	var statements, executions int
	err = pool.QueryRow(ctx, `SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0)::bigint
		FROM pg_prepared_statements WHERE statement = $1`, itemsvc.ItemByID).Scan(&statements, &executions)
	if err != nil {
		t.Fatal(err)
	}
	if statements != 1 || executions != 7 {
		t.Errorf("prepared statements for the query: %d, executed %d times; want 1 statement executed 7 times", statements, executions)
	}
}
