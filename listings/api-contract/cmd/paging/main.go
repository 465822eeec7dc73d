// Command paging walks a list of orders page by page while other requests insert and delete
// orders between the pages, once with an offset and once with the service's cursor, and
// prints what each walk saw. It needs PostgreSQL (DATABASE_URL, an empty database).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/api-contract/orders"
)

const pageSize = 4

func main() {
	ctx := context.Background()
	db, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := orders.CreateSchema(ctx, db); err != nil {
		log.Fatal(err)
	}
	server := httptest.NewServer((&orders.Service{DB: db, DefaultPageSize: 20}).Handler())
	defer server.Close()

	// ANCHOR: scenarios
	changes := []struct {
		name  string
		apply string // SQL run after the first page, as other clients' requests
	}{
		{"two orders created", `INSERT INTO orders (customer, amount_minor, currency) VALUES ('c11', 100, 'EUR'), ('c12', 100, 'EUR')`},
		{"one order deleted", `DELETE FROM orders WHERE customer = 'c09'`},
	}
	walks := []struct {
		name string
		page func(db *pgxpool.Pool, url string, state *string) []string
	}{
		{"offset", offsetPage},
		{"cursor", cursorPage},
	}
	// ANCHOR_END: scenarios
	for _, change := range changes {
		fmt.Printf("== %s after the first page ==\n", change.name)
		for _, walk := range walks {
			reset(ctx, db)
			before := customers(ctx, db)
			var seen []string
			state := ""
			for page := 1; ; page++ {
				got := walk.page(db, server.URL, &state)
				fmt.Printf("%-6s page %d: %s\n", walk.name, page, strings.Join(got, " "))
				seen = append(seen, got...)
				if page == 1 {
					must(db.Exec(ctx, change.apply))
				}
				if state == "" {
					break
				}
			}
			after := customers(ctx, db)
			fmt.Printf("%-6s result: %s\n", walk.name, judge(before, after, seen))
		}
	}
}

// ANCHOR: offset
// offsetPage is what ?page=N or ?offset=N gives: the rows at positions N*size and on, counted
// again on every request.
func offsetPage(db *pgxpool.Pool, _ string, state *string) []string {
	offset := 0
	fmt.Sscan(*state, &offset)
	rows, err := db.Query(context.Background(), `SELECT customer FROM orders ORDER BY id DESC LIMIT $1 OFFSET $2`, pageSize+1, offset)
	if err != nil {
		log.Fatal(err)
	}
	var page []string
	for rows.Next() {
		var customer string
		must(0, rows.Scan(&customer))
		page = append(page, customer)
	}
	*state = ""
	if len(page) > pageSize {
		page = page[:pageSize]
		*state = fmt.Sprint(offset + pageSize)
	}
	return page
}

// ANCHOR_END: offset

// cursorPage asks the service for the page after the cursor it returned last.
func cursorPage(_ *pgxpool.Pool, url string, state *string) []string {
	target := fmt.Sprintf("%s/orders?limit=%d", url, pageSize)
	if *state != "" {
		target += "&cursor=" + *state
	}
	response, err := http.Get(target)
	if err != nil {
		log.Fatal(err)
	}
	defer response.Body.Close()
	var body struct {
		Orders     []orders.Order `json:"orders"`
		NextCursor string         `json:"next_cursor"`
	}
	must(0, json.NewDecoder(response.Body).Decode(&body))
	var page []string
	for _, o := range body.Orders {
		page = append(page, o.Customer)
	}
	*state = body.NextCursor
	return page
}

// judge compares what a walk saw with the orders that existed for the whole walk: each of
// those must be seen exactly once.
func judge(before, after, seen []string) string {
	var repeated, missed []string
	for _, c := range before {
		n := count(seen, c)
		if n > 1 {
			repeated = append(repeated, c)
		}
		if n == 0 && slices.Contains(after, c) {
			missed = append(missed, c)
		}
	}
	if len(repeated) == 0 && len(missed) == 0 {
		return "every order that existed throughout seen exactly once"
	}
	return fmt.Sprintf("repeated [%s], missed [%s]", strings.Join(repeated, " "), strings.Join(missed, " "))
}

func count(list []string, c string) (n int) {
	for _, s := range list {
		if s == c {
			n++
		}
	}
	return n
}

// reset makes ten orders, c01 (oldest) to c10 (newest).
func reset(ctx context.Context, db *pgxpool.Pool) {
	must(db.Exec(ctx, `TRUNCATE orders`))
	must(db.Exec(ctx, `INSERT INTO orders (customer, amount_minor, currency)
		SELECT format('c%s', lpad(n::text, 2, '0')), 100, 'EUR' FROM generate_series(1, 10) AS n ORDER BY n`))
}

func customers(ctx context.Context, db *pgxpool.Pool) []string {
	rows, err := db.Query(ctx, `SELECT customer FROM orders ORDER BY id DESC`)
	if err != nil {
		log.Fatal(err)
	}
	var all []string
	for rows.Next() {
		var c string
		must(0, rows.Scan(&c))
		all = append(all, c)
	}
	return all
}

func must[T any](_ T, err error) {
	if err != nil {
		log.Fatal(err)
	}
}
