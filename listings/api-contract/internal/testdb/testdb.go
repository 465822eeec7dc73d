// Package testdb gives a test a fresh PostgreSQL database with the orders schema, on the server
// that the book's listings runner starts (it arrives in libpq's PG* variables).
package testdb

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/api-contract/orders"
)

var databases atomic.Int64

// Pool returns a pool on a database of its own, with the orders schema, dropped when the test ends.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run these tests through `make listings`, which starts PostgreSQL 18, or set PGHOST, PGPORT, PGUSER and PGPASSWORD")
	}
	ctx := context.Background()
	name := fmt.Sprintf("contract_%.30s_%d_%d", sanitize(t.Name()), os.Getpid(), databases.Add(1))
	if err := admin(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := admin(context.Background(), "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	// Enough connections for the concurrency test's eight requests, its lock and its look at
	// pg_stat_activity at once (pgxpool's default is four on a machine with up to four cores).
	pool, err := pgxpool.New(ctx, "dbname="+name+" pool_max_conns=16")
	if err != nil {
		t.Fatalf("connect to %s: %v", name, err)
	}
	t.Cleanup(pool.Close)
	if err := orders.CreateSchema(ctx, pool); err != nil {
		t.Fatalf("create the schema: %v", err)
	}
	return pool
}

func admin(ctx context.Context, statement string) error {
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, statement)
	return err
}

func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return '_'
	}, s)
}
