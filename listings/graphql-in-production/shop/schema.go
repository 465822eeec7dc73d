// Package shop is the GraphQL service of "GraphQL in Production Is Harder Than They Tell You": a
// catalogue of books and authors on PostgreSQL 18, served by graph-gophers/graphql-go.
package shop

import (
	"context"
	"fmt"
	"strconv"

	graphql "github.com/graph-gophers/graphql-go"
)

// ANCHOR: schema
// SDL is the schema. Book.isbn is deprecated in favour of isbn13 rather than moved to a /v2.
const SDL = `
schema { query: Query  mutation: Mutation }

type Query {
  books(first: Int = 100): [Book]!
}

type Mutation {
  renameBook(id: ID!, title: String!): Book
}

type Book {
  id: ID!
  title: String!
  isbn: String @deprecated(reason: "Use isbn13.")
  isbn13: String!
  author: Author!
  "Copies in the warehouse, from the inventory service; null when it does not answer."
  stock: Int
  "Price from the pricing service; a book without one cannot be shown."
  priceCents: Int!
}

type Author {
  id: ID!
  name: String!
  books: [Book!]!
}
`

// ANCHOR_END: schema

// Config chooses how the service resolves: with or without per-request data loaders, and
// which books the inventory and pricing services fail for (to show partial results).
type Config struct {
	Loaders        bool
	MaxDepth       int // 0: no limit
	MaxParallelism int // 0: the library's default (10)
	StockFails     map[int32]bool
	PriceFails     map[int32]bool
}

// NewSchema parses the schema and binds the resolvers to the store.
func NewSchema(store *Store, cfg Config) (*graphql.Schema, error) {
	opts := []graphql.SchemaOpt{graphql.UseStringDescriptions()}
	if cfg.MaxDepth > 0 {
		opts = append(opts, graphql.MaxDepth(cfg.MaxDepth))
	}
	if cfg.MaxParallelism > 0 {
		opts = append(opts, graphql.MaxParallelism(cfg.MaxParallelism))
	}
	return graphql.ParseSchema(SDL, &root{store: store, cfg: cfg}, opts...)
}

type root struct {
	store *Store
	cfg   Config
}

// ANCHOR: books
// MaxPage caps every list argument: a depth limit does not stop books(first: 1000000).
const MaxPage = 100

func (r *root) Books(ctx context.Context, args struct{ First int32 }) ([]*bookResolver, error) {
	if args.First < 0 || args.First > MaxPage {
		return nil, fmt.Errorf("books: first must be between 0 and %d, got %d", MaxPage, args.First)
	}
	rows, err := r.store.Books(ctx, args.First)
	if err != nil {
		return nil, err
	}
	out := make([]*bookResolver, len(rows))
	for i, b := range rows {
		out[i] = &bookResolver{root: r, b: b}
	}
	return out, nil
}

// ANCHOR_END: books

func (r *root) RenameBook(ctx context.Context, args struct {
	ID    graphql.ID
	Title string
}) (*bookResolver, error) {
	id, err := strconv.ParseInt(string(args.ID), 10, 32)
	if err != nil {
		return nil, fmt.Errorf("no book %q", args.ID)
	}
	b, err := r.store.RenameBook(ctx, int32(id), args.Title)
	if err != nil {
		return nil, err
	}
	return &bookResolver{root: r, b: b}, nil
}

type bookResolver struct {
	root *root
	b    Book
}

func (b *bookResolver) ID() graphql.ID { return graphql.ID(strconv.Itoa(int(b.b.ID))) }
func (b *bookResolver) Title() string  { return b.b.Title }
func (b *bookResolver) Isbn13() string { return b.b.ISBN13 }

func (b *bookResolver) Isbn() *string {
	if len(b.b.ISBN13) != 13 || b.b.ISBN13[:3] != "978" {
		return nil
	}
	ten := b.b.ISBN13[3:12] + isbn10Check(b.b.ISBN13[3:12])
	return &ten
}

// ANCHOR: author
// Author resolves one book's author: one query per book without a loader, one key in the
// request's batch with it.
func (b *bookResolver) Author(ctx context.Context) (*authorResolver, error) {
	var (
		a   Author
		err error
	)
	if b.root.cfg.Loaders {
		a, err = loadersFrom(ctx).authors.Load(ctx, b.b.AuthorID)
	} else {
		a, err = b.root.store.Author(ctx, b.b.AuthorID)
	}
	if err != nil {
		return nil, err
	}
	return &authorResolver{root: b.root, a: a}, nil
}

// ANCHOR_END: author

// ANCHOR: partial
// Stock asks the inventory service; its failure costs one nullable field.
func (b *bookResolver) Stock() (*int32, error) {
	if b.root.cfg.StockFails[b.b.ID] {
		return nil, fmt.Errorf("inventory: timeout after 200ms for book %d", b.b.ID)
	}
	n := 3 * b.b.ID % 7
	return &n, nil
}

// PriceCents is non-null: its failure nulls the whole book, the nearest nullable parent.
func (b *bookResolver) PriceCents() (int32, error) {
	if b.root.cfg.PriceFails[b.b.ID] {
		return 0, fmt.Errorf("pricing: no price for book %d", b.b.ID)
	}
	return 1000 + 100*(b.b.ID%10), nil
}

// ANCHOR_END: partial

type authorResolver struct {
	root *root
	a    Author
}

func (a *authorResolver) ID() graphql.ID { return graphql.ID(strconv.Itoa(int(a.a.ID))) }
func (a *authorResolver) Name() string   { return a.a.Name }

func (a *authorResolver) Books(ctx context.Context) ([]*bookResolver, error) {
	var (
		rows []Book
		err  error
	)
	if a.root.cfg.Loaders {
		rows, err = loadersFrom(ctx).booksByAuthor.Load(ctx, a.a.ID)
	} else {
		rows, err = a.root.store.BooksByAuthor(ctx, a.a.ID)
	}
	if err != nil {
		return nil, err
	}
	out := make([]*bookResolver, len(rows))
	for i, b := range rows {
		out[i] = &bookResolver{root: a.root, b: b}
	}
	return out, nil
}

// isbn10Check computes the ISBN-10 check character of nine digits.
func isbn10Check(nine string) string {
	sum := 0
	for i, c := range nine {
		sum += (10 - i) * int(c-'0')
	}
	check := (11 - sum%11) % 11
	if check == 10 {
		return "X"
	}
	return strconv.Itoa(check)
}
