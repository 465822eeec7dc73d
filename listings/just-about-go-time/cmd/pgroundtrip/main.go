// Command pgroundtrip sends one Go time.Time to PostgreSQL through pgx and
// reads it back from a timestamptz column and from a timestamp column, to show
// what each column keeps. The connection string comes from DATABASE_URL.
package main

import (
	"context"
	"fmt"
	"os"
	"time"
	_ "time/tzdata" // a main package embeds the zone database it needs

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

func main() {
	if err := run(context.Background(), os.Getenv("DATABASE_URL")); err != nil {
		fmt.Fprintln(os.Stderr, "pgroundtrip:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dsn string) error {
	if dsn == "" {
		return fmt.Errorf("DATABASE_URL is empty; set it to a libpq connection string")
	}
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		return err
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)

	// ANCHOR: roundtrip
	sent := time.Date(2026, time.May, 12, 9, 30, 0, 123456789, newYork)
	_, err = conn.Exec(ctx, `
		CREATE TABLE roundtrip (instant timestamptz NOT NULL, wall timestamp NOT NULL);
		`)
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `INSERT INTO roundtrip VALUES ($1, $2)`, sent, sent); err != nil {
		return err
	}

	var instant, wall time.Time
	if err := conn.QueryRow(ctx, `SELECT instant, wall FROM roundtrip`).Scan(&instant, &wall); err != nil {
		return err
	}
	fmt.Println("sent:               ", sent)
	fmt.Println("timestamptz scanned:", instant, "| in time.Local:", instant.Location() == time.Local)
	fmt.Println("  Equal(sent):", instant.Equal(sent),
		"| Equal(sent truncated to µs):", instant.Equal(sent.Truncate(time.Microsecond)))
	fmt.Println("timestamp scanned:  ", wall, "| off by", wall.Sub(sent).Round(time.Hour))

	// Pin the location of scanned timestamptz values to UTC for this connection.
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name: "timestamptz", OID: pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	if err := conn.QueryRow(ctx, `SELECT instant FROM roundtrip`).Scan(&instant); err != nil {
		return err
	}
	fmt.Println("with ScanLocation UTC:", instant)
	// ANCHOR_END: roundtrip
	return nil
}
