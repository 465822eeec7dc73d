package shop

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Book and Author are rows of the catalogue.
type Book struct {
	ID       int32
	Title    string
	ISBN13   string
	AuthorID int32
}

type Author struct {
	ID   int32
	Name string
}

// ANCHOR: tracer
// Counter is a pgx query tracer: it counts every statement the pool sends, and the rows they return.
type Counter struct {
	statements atomic.Int64
	rows       atomic.Int64
}

func (c *Counter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.statements.Add(1)
	return ctx
}

func (c *Counter) TraceQueryEnd(_ context.Context, _ *pgx.Conn, d pgx.TraceQueryEndData) {
	if d.Err == nil && d.CommandTag.Select() {
		c.rows.Add(d.CommandTag.RowsAffected())
	}
}

// Snapshot returns the statements and rows counted so far.
func (c *Counter) Snapshot() (statements, rows int64) { return c.statements.Load(), c.rows.Load() }

// ANCHOR_END: tracer

// Store reads the catalogue through a pool whose every statement the Counter sees.
type Store struct {
	Pool    *pgxpool.Pool
	Counter *Counter
}

// Open connects to the database named by dsn ("" for the PG* environment variables).
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	counter := &Counter{}
	cfg.ConnConfig.Tracer = counter
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Store{Pool: pool, Counter: counter}, nil
}

// Seed creates the tables and fills them: authors authors, each with perAuthor books, the books
// of one author next to each other in id order.
func (s *Store) Seed(ctx context.Context, authors, perAuthor int) error {
	_, err := s.Pool.Exec(ctx, `
CREATE TABLE authors (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (
  id int PRIMARY KEY,
  title text NOT NULL,
  isbn13 text NOT NULL,
  author_id int NOT NULL REFERENCES authors
);
CREATE INDEX ON books (author_id);`)
	if err != nil {
		return err
	}
	_, err = s.Pool.Exec(ctx, `INSERT INTO authors SELECT a, 'Author ' || a FROM generate_series(1, $1::int) a`, authors)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	// isbn13: 978, nine digits from the book's id, and the ISBN-13 check digit (weights 1 and 3).
	_, err = s.Pool.Exec(ctx, `
INSERT INTO books
SELECT b, 'Book ' || b,
       p || (10 - (SELECT sum(substr(p, i, 1)::int * (3 - 2 * (i % 2))) FROM generate_series(1, 12) i) % 10) % 10,
       (b - 1) / $2::int + 1
FROM generate_series(1, $1::int * $2::int) b,
     LATERAL (SELECT '978' || lpad((100000000 + b)::text, 9, '0') AS p) twelve`, authors, perAuthor)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

func (s *Store) Books(ctx context.Context, first int32) ([]Book, error) {
	rows, _ := s.Pool.Query(ctx, `SELECT id, title, isbn13, author_id FROM books ORDER BY id LIMIT $1`, first)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Book])
}

func (s *Store) Author(ctx context.Context, id int32) (Author, error) {
	rows, _ := s.Pool.Query(ctx, `SELECT id, name FROM authors WHERE id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Author])
}

func (s *Store) BooksByAuthor(ctx context.Context, id int32) ([]Book, error) {
	rows, _ := s.Pool.Query(ctx, `SELECT id, title, isbn13, author_id FROM books WHERE author_id = $1 ORDER BY id`, id)
	return pgx.CollectRows(rows, pgx.RowToStructByPos[Book])
}

// ANCHOR: batch
// AuthorsByIDs is the batch function: one statement for every key a request's loader collected.
func (s *Store) AuthorsByIDs(ctx context.Context, ids []int32) (map[int32]Author, error) {
	rows, _ := s.Pool.Query(ctx, `SELECT id, name FROM authors WHERE id = ANY($1)`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Author])
	if err != nil {
		return nil, err
	}
	byID := make(map[int32]Author, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	return byID, nil
}

// ANCHOR_END: batch

func (s *Store) BooksByAuthorIDs(ctx context.Context, ids []int32) (map[int32][]Book, error) {
	rows, _ := s.Pool.Query(ctx, `SELECT id, title, isbn13, author_id FROM books WHERE author_id = ANY($1) ORDER BY id`, ids)
	list, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Book])
	if err != nil {
		return nil, err
	}
	byAuthor := make(map[int32][]Book, len(ids))
	for _, id := range ids {
		byAuthor[id] = []Book{} // an author without books is an answer, not a missing key
	}
	for _, b := range list {
		byAuthor[b.AuthorID] = append(byAuthor[b.AuthorID], b)
	}
	return byAuthor, nil
}

func (s *Store) RenameBook(ctx context.Context, id int32, title string) (Book, error) {
	rows, _ := s.Pool.Query(ctx, `UPDATE books SET title = $2 WHERE id = $1 RETURNING id, title, isbn13, author_id`, id, title)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByPos[Book])
}
