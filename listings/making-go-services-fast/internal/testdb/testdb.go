// Package testdb gives tests and measurements a PostgreSQL database of their own, on the server
// that the book's listings runner starts and describes with libpq's PG* variables.
package testdb

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

var databases atomic.Int64

// Create makes an empty database and returns its name and a function that drops it.
func Create(ctx context.Context) (string, func() error, error) {
	if os.Getenv("PGHOST") == "" {
		return "", nil, fmt.Errorf("PGHOST is not set: run this through `make listings`, which starts PostgreSQL 18, or set PGHOST, PGPORT, PGUSER and PGPASSWORD")
	}
	admin, err := pgx.Connect(ctx, "")
	if err != nil {
		return "", nil, fmt.Errorf("connect to PostgreSQL: %w", err)
	}
	defer admin.Close(ctx)
	name := fmt.Sprintf("fast_%d_%d", os.Getpid(), databases.Add(1))
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("create database %s: %w", name, err)
	}
	drop := func() error {
		admin, err := pgx.Connect(context.Background(), "")
		if err != nil {
			return err
		}
		defer admin.Close(context.Background())
		_, err = admin.Exec(context.Background(), "DROP DATABASE "+name+" WITH (FORCE)")
		return err
	}
	return name, drop, nil
}
