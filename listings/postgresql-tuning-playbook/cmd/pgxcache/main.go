// Command pgxcache shows what pgx's statement cache does behind PgBouncer in transaction mode, and
// the connection-string setting that avoids it.
//
//	go run ./cmd/pgxcache        (DATABASE_URL: PgBouncer; with_pgbouncer.py starts one and sets it)
//
// Two clients, A and B, are two pgx connections to PgBouncer, as two instances of a service would
// hold. The script orders their steps so that PgBouncer (two server connections, handed out last in,
// first out) gives A a different PostgreSQL process for the same query; every line names the process
// ("server connection N") that ran it. The record pgx_statement_cache keeps the output.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime/debug"

	"github.com/jackc/pgx/v5"
)

const balance = "SELECT balance::text FROM accounts WHERE id = $1"

func main() {
	ctx := context.Background()
	fmt.Printf("pgx %s\n", moduleVersion("github.com/jackc/pgx/v5"))
	if err := setUp(ctx, os.Getenv("DATABASE_URL")); err != nil {
		log.Fatal(err)
	}
	for _, mode := range []string{"", "exec"} {
		if err := twoClients(ctx, os.Getenv("DATABASE_URL"), mode); err != nil {
			log.Fatal(err)
		}
	}
}

// ANCHOR: fix
// connect opens a pgx connection; through PgBouncer 1.18's transaction pooling, pass mode "exec":
// pgx then sends each query with its arguments in one round trip and prepares nothing by name.
func connect(ctx context.Context, url, mode string) (*pgx.Conn, error) {
	config, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if mode == "exec" {
		config.DefaultQueryExecMode = pgx.QueryExecModeExec // or ?default_query_exec_mode=exec in the URL
	}
	return pgx.ConnectConfig(ctx, config)
}

// ANCHOR_END: fix

func twoClients(ctx context.Context, url, mode string) error {
	a, err := connect(ctx, url, mode)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	b, err := connect(ctx, url, mode)
	if err != nil {
		return err
	}
	defer b.Close(ctx)

	fmt.Printf("\nDefaultQueryExecMode = %s\n", modeName(a.Config().DefaultQueryExecMode))
	servers := labels{}
	fmt.Printf("client A: %s (1) -> %s   (%s)\n", balance, query(ctx, a), servers.of(ctx, a))
	tx, err := b.Begin(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("client B: BEGIN   (holds %s)\n", servers.of(ctx, tx))
	// A's next query runs on the other server connection, where A's statement was never prepared.
	fmt.Printf("client A: the same query -> %s   (%s)\n", query(ctx, a), servers.of(ctx, a))
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	fmt.Println("client B: COMMIT")
	// B runs A's query on the server connection where A prepared it, under the same name.
	fmt.Printf("client B: the same query -> %s   (%s)\n", query(ctx, b), servers.of(ctx, b))
	return nil
}

// query runs the balance query and returns its result or the error, as the line shows it.
func query(ctx context.Context, conn *pgx.Conn) string {
	var value string
	if err := conn.QueryRow(ctx, balance, 1).Scan(&value); err != nil {
		return err.Error()
	}
	return value
}

type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// labels names server processes in order of appearance: "server connection 1", "server connection 2".
type labels map[int32]int

// of asks PostgreSQL which process runs the connection's next statement, over the simple protocol so
// that the question itself leaves no prepared statement behind.
func (l labels) of(ctx context.Context, conn querier) string {
	var pid int32
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()", pgx.QueryExecModeSimpleProtocol).Scan(&pid); err != nil {
		return "pid unknown: " + err.Error()
	}
	if _, seen := l[pid]; !seen {
		l[pid] = len(l) + 1
	}
	return fmt.Sprintf("server connection %d", l[pid])
}

func modeName(mode pgx.QueryExecMode) string {
	return map[pgx.QueryExecMode]string{
		pgx.QueryExecModeCacheStatement: "QueryExecModeCacheStatement (the default)",
		pgx.QueryExecModeExec:           "QueryExecModeExec",
	}[mode]
}

func setUp(ctx context.Context, url string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, `CREATE TABLE accounts (id int PRIMARY KEY, balance numeric NOT NULL);
		INSERT INTO accounts VALUES (1, 120.00)`)
	return err
}

func moduleVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "(unknown version)"
}
