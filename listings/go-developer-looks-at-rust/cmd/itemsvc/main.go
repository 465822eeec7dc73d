// Command itemsvc serves GET /items/{id} from PostgreSQL.
package main

// ANCHOR: main
import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"playbook.example/go-developer-looks-at-rust/itemsvc"
)

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	pool, err := itemsvc.Pool(context.Background(), os.Getenv("DATABASE_URL"), 4)
	if err != nil {
		log.Fatal(err)
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening on", listener.Addr())
	log.Fatal(http.Serve(listener, itemsvc.Handler(pool)))
}

// ANCHOR_END: main
