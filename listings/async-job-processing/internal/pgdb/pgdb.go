// Package pgdb makes a fresh PostgreSQL database for one test or one scenario, on the server
// that libpq's PG* variables name (the book's listings runner sets them).
package pgdb

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

var databases atomic.Int64

// Create creates a database named after prefix and returns its name, a pool on it and a
// function that closes the pool and drops the database.
func Create(ctx context.Context, prefix string) (string, *pgxpool.Pool, func() error, error) {
	if os.Getenv("PGHOST") == "" {
		return "", nil, nil, errors.New("PGHOST is not set: run through `make listings`, which starts PostgreSQL 18, or set PGHOST, PGPORT, PGUSER and PGPASSWORD")
	}
	name := fmt.Sprintf("ajp_%.30s_%d_%d", prefix, os.Getpid(), databases.Add(1))
	if err := admin(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", nil, nil, fmt.Errorf("create database %s: %w", name, err)
	}
	pool, err := pgxpool.New(ctx, "dbname="+name)
	if err != nil {
		return "", nil, nil, errors.Join(err, admin(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()))
	}
	drop := func() error {
		pool.Close()
		return admin(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	}
	return name, pool, drop, nil
}

// ForTest creates a database for the test and drops it when the test ends.
func ForTest(t testing.TB) (string, *pgxpool.Pool) {
	t.Helper()
	prefix := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(t.Name()))
	name, pool, drop, err := Create(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return name, pool
}

func admin(ctx context.Context, statement string) error {
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		return fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, statement)
	return err
}
