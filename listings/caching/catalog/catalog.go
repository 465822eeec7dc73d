// Package catalog is the source of truth the caches of this chapter sit in front of: products
// and their prices in PostgreSQL, and a sales report that is expensive to compute.
package catalog

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ANCHOR: product
// Product is one row of the products table. Version grows by one with every change, so that a
// cache can tell an older copy of a row from a newer one.
type Product struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"price_cents"`
	Version    int64  `json:"version"`
}

// ErrNotFound says that no product has the requested ID.
var ErrNotFound = errors.New("catalog: no such product")

// ANCHOR_END: product

// Schema creates the tables and the statistics extension that counts the queries reaching the
// database (pg_stat_statements must also be in shared_preload_libraries, as on the book's server).
const Schema = `
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
CREATE TABLE products (
    id          bigint PRIMARY KEY,
    name        text   NOT NULL,
    price_cents bigint NOT NULL CHECK (price_cents >= 0),
    version     bigint NOT NULL DEFAULT 1
);
CREATE TABLE sales (
    product_id bigint      NOT NULL REFERENCES products,
    sold_at    timestamptz NOT NULL,
    quantity   int         NOT NULL
);`

// The statements the store sends. pg_stat_statements keeps one entry per database, user, query ID
// (a hash of the statement's normalised form) and nesting level, shown with the text of the first
// statement that had that ID, its constants replaced by parameters: the UPDATE's "+ 1" reads
// "+ $3". The two SELECTs hold no constants, so their entries show these strings as sent, which
// is what lets Calls find them.
const (
	SelectProduct = `SELECT id, name, price_cents, version FROM products WHERE id = $1`
	UpdatePrice   = `UPDATE products SET price_cents = $2, version = version + 1 WHERE id = $1
		RETURNING id, name, price_cents, version`
	InsertProduct = `INSERT INTO products (id, name, price_cents) VALUES ($1, $2, $3)
		RETURNING id, name, price_cents, version`
	SelectTopSellers = `SELECT product_id, sum(quantity) AS sold FROM sales
		WHERE sold_at > now() - make_interval(days => $1)
		GROUP BY product_id ORDER BY sold DESC, product_id LIMIT $2`
)

// Store reads and writes the catalog.
type Store struct {
	DB *pgxpool.Pool
}

// Setup creates the schema in the store's database.
func (s *Store) Setup(ctx context.Context) error {
	_, err := s.DB.Exec(ctx, Schema)
	return err
}

// ANCHOR: store
// Product reads one product; a missing one is ErrNotFound.
func (s *Store) Product(ctx context.Context, id int64) (Product, error) {
	return scanProduct(s.DB.QueryRow(ctx, SelectProduct, id))
}

// SetPrice changes a product's price and returns the row as committed, with its new version.
func (s *Store) SetPrice(ctx context.Context, id, cents int64) (Product, error) {
	return scanProduct(s.DB.QueryRow(ctx, UpdatePrice, id, cents))
}

// ANCHOR_END: store

// Create inserts a product at version 1.
func (s *Store) Create(ctx context.Context, id int64, name string, cents int64) (Product, error) {
	return scanProduct(s.DB.QueryRow(ctx, InsertProduct, id, name, cents))
}

func scanProduct(row pgx.Row) (Product, error) {
	var p Product
	err := row.Scan(&p.ID, &p.Name, &p.PriceCents, &p.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return Product{}, ErrNotFound
	}
	return p, err
}

// Seller is one line of the top-sellers report.
type Seller struct {
	ProductID int64 `json:"product_id"`
	Sold      int64 `json:"sold"`
}

// TopSellers aggregates the last days of sales: a scan of the whole sales table, the kind of
// query a cache is put in front of.
func (s *Store) TopSellers(ctx context.Context, days, limit int) ([]Seller, error) {
	rows, err := s.DB.Query(ctx, SelectTopSellers, days, limit)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Seller])
}

// Seed inserts products 1..products and sales spread over the last 60 days.
func (s *Store) Seed(ctx context.Context, products, sales int) error {
	_, err := s.DB.Exec(ctx, `
		INSERT INTO products (id, name, price_cents)
		SELECT i, 'product ' || i, 100 * (1 + i % 97) FROM generate_series(1, $1::int) AS i`, products)
	if err != nil {
		return fmt.Errorf("seed products: %w", err)
	}
	_, err = s.DB.Exec(ctx, `
		INSERT INTO sales (product_id, sold_at, quantity)
		SELECT 1 + (i * 7919) % $1::int, now() - (i % 1440) * interval '1 hour', 1 + i % 5
		FROM generate_series(1, $2::int) AS i`, products, sales)
	if err != nil {
		return fmt.Errorf("seed sales: %w", err)
	}
	_, err = s.DB.Exec(ctx, `VACUUM (ANALYZE) products, sales`)
	return err
}

// ANCHOR: calls
// Calls returns how many times PostgreSQL has executed statement in this database, as counted
// by pg_stat_statements: the load that reached the database, measured by the database itself.
// statement must read as the extension shows it: as sent, for a statement without constants.
func (s *Store) Calls(ctx context.Context, statement string) (int64, error) {
	var calls int64
	err := s.DB.QueryRow(ctx, `
		SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		  AND query = $1`, statement).Scan(&calls)
	return calls, err
}

// ANCHOR_END: calls
