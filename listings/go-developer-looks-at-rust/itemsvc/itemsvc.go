// Package itemsvc is the item service: one route, one PostgreSQL query.
package itemsvc

// ANCHOR: handler
import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ItemByID is the one query; pgx prepares it once per connection and caches it (its default mode).
const ItemByID = "SELECT id, name, price_cents FROM items WHERE id = $1"

type Item struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	PriceCents int64  `json:"price_cents"`
}

func Handler(pool *pgxpool.Pool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		var it Item
		err = pool.QueryRow(r.Context(), ItemByID, id).Scan(&it.ID, &it.Name, &it.PriceCents)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			http.NotFound(w, r)
		case err != nil:
			http.Error(w, "database error", http.StatusInternalServerError)
		default:
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(it)
		}
	})
	return mux
}

// ANCHOR_END: handler

// ANCHOR: pool
// Pool opens a pool of at most size connections to the database at url.
func Pool(ctx context.Context, url string, size int32) (*pgxpool.Pool, error) {
	config, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	config.MaxConns = size
	return pgxpool.NewWithConfig(ctx, config)
}

// ANCHOR_END: pool
