// Package testenv gives each test a database of its own, dropped when it ends.
package testenv

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/message-queues/internal/pgdb"
)

// DB creates a fresh PostgreSQL database for the test and drops it afterwards.
func DB(t testing.TB) *pgxpool.Pool {
	t.Helper()
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, strings.ToLower(t.Name()))
	pool, drop, err := pgdb.Create(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return pool
}
