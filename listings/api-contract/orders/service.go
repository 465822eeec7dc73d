package orders

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ANCHOR: order
// Order is the representation clients see. The ID is a 64-bit integer in the database and a
// string on the wire, because JavaScript's numbers hold integers exactly only up to 2^53 − 1.
type Order struct {
	ID        int64     `json:"id,string"`
	Customer  string    `json:"customer"`
	Amount    Money     `json:"amount"`
	CreatedAt Timestamp `json:"created_at"`
}

// Timestamp is written in RFC 3339, in UTC, always with six fractional digits, so that its
// shape does not depend on the value (Go's time.Time drops trailing zeros).
type Timestamp time.Time

func (t Timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000000Z07:00") + `"`), nil
}

// ANCHOR_END: order

func (t *Timestamp) UnmarshalJSON(data []byte) error {
	var parsed time.Time
	if err := json.Unmarshal(data, &parsed); err != nil {
		return err
	}
	*t = Timestamp(parsed)
	return nil
}

// Service serves the orders API from PostgreSQL.
type Service struct {
	DB *pgxpool.Pool
	// DefaultPageSize is the page size of a list request that names none. The contract
	// says only that the server chooses it; clients follow next_cursor.
	DefaultPageSize int
}

const maxPageSize = 100

// Handler routes the API's three operations.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders", s.create)
	mux.HandleFunc("GET /orders/{id}", s.get)
	mux.HandleFunc("GET /orders", s.list)
	return mux
}

func (s *Service) get(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeProblem(w, invalidRequest(r.URL.Path, "an order ID is a decimal string of a 64-bit integer"))
		return
	}
	order, err := scanOrder(s.DB.QueryRow(r.Context(), `SELECT id, customer, amount_minor, currency, created_at FROM orders WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		writeProblem(w, notFound(r.URL.Path, fmt.Sprintf("There is no order %d.", id)))
		return
	}
	if err != nil {
		serverError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, order)
}

// ANCHOR: list
// list pages through orders newest first. The cursor is the last ID of the previous page,
// encoded so that clients treat it as opaque: the next page starts strictly after it, so rows
// inserted or deleted meanwhile neither repeat nor skip the rows that were there before.
func (s *Service) list(w http.ResponseWriter, r *http.Request) {
	limit := s.DefaultPageSize
	if text := r.URL.Query().Get("limit"); text != "" {
		n, err := strconv.Atoi(text)
		if err != nil || n < 1 || n > maxPageSize {
			writeProblem(w, invalidRequest(r.URL.String(), fmt.Sprintf("limit must be an integer from 1 to %d", maxPageSize)))
			return
		}
		limit = n
	}
	after := int64(1<<63 - 1)
	if cursor := r.URL.Query().Get("cursor"); cursor != "" {
		decoded, err := base64.RawURLEncoding.DecodeString(cursor)
		if err == nil {
			after, err = strconv.ParseInt(string(decoded), 10, 64)
		}
		if err != nil {
			writeProblem(w, invalidRequest(r.URL.String(), "cursor is not one this API returned"))
			return
		}
	}
	rows, err := s.DB.Query(r.Context(), `SELECT id, customer, amount_minor, currency, created_at
		FROM orders WHERE id < $1 ORDER BY id DESC LIMIT $2`, after, limit+1)
	if err != nil {
		serverError(w, r, err)
		return
	}
	page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Order, error) { return scanOrder(row) })
	if err != nil {
		serverError(w, r, err)
		return
	}
	result := struct {
		Orders     []Order `json:"orders"`
		NextCursor string  `json:"next_cursor,omitempty"`
	}{Orders: page}
	if len(page) > limit { // one row more than asked says there is a next page
		result.Orders = page[:limit]
		last := strconv.FormatInt(page[limit-1].ID, 10)
		result.NextCursor = base64.RawURLEncoding.EncodeToString([]byte(last))
	}
	writeJSON(w, http.StatusOK, result)
}

// ANCHOR_END: list

func scanOrder(row pgx.Row) (Order, error) {
	var o Order
	var created time.Time
	err := row.Scan(&o.ID, &o.Customer, &o.Amount.Minor, &o.Amount.Currency, &created)
	o.CreatedAt = Timestamp(created)
	return o, err
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func serverError(w http.ResponseWriter, r *http.Request, err error) {
	// The cause goes to the log, never to the client: its text is not part of the contract.
	log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
	writeProblem(w, Problem{Type: "about:blank", Title: "Internal Server Error", Status: http.StatusInternalServerError, Instance: r.URL.Path})
}
