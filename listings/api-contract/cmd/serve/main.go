// Command serve runs the orders service on a free loopback port, on the database that
// DATABASE_URL names (creating the schema when the database is empty), and prints its URL.
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/api-contract/orders"
)

func main() {
	ctx := context.Background()
	db, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	var tables int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE tablename = 'orders'`).Scan(&tables); err != nil {
		log.Fatalf("DATABASE_URL: %v", err)
	}
	if tables == 0 {
		if err := orders.CreateSchema(ctx, db); err != nil {
			log.Fatal(err)
		}
	}
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", listener.Addr())
	log.Fatal(http.Serve(listener, (&orders.Service{DB: db, DefaultPageSize: 20}).Handler()))
}
