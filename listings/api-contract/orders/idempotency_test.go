package orders_test

import (
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"playbook.example/api-contract/internal/testdb"
	"playbook.example/api-contract/orders"
)

type answer struct {
	status   int
	replayed bool
	body     string
}

func post(t *testing.T, url, key, body string) answer {
	t.Helper()
	request, _ := http.NewRequest(http.MethodPost, url+"/orders", strings.NewReader(body))
	request.Header.Set("Content-Type", "application/json")
	if key != "" {
		request.Header.Set("Idempotency-Key", key)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Error(err) // not Fatal: the concurrency test posts from other goroutines
		return answer{}
	}
	defer response.Body.Close()
	text, _ := io.ReadAll(response.Body)
	return answer{response.StatusCode, response.Header.Get("Idempotent-Replayed") == "true", string(text)}
}

func countOrders(t *testing.T, service *orders.Service) int {
	t.Helper()
	var n int
	if err := service.DB.QueryRow(context.Background(), "SELECT count(*) FROM orders").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// ANCHOR: concurrent
// Eight copies of one request with one key, as a client's retries and a proxy's duplicates
// arrive. The test holds the first one inside its transaction (a lock on the orders table
// stops it after it has inserted the key's row) until PostgreSQL shows the seven others
// waiting for that transaction; then it lets go. One order is made, and all eight get its
// response, seven of them as replays.
func TestConcurrentDuplicatesCreateOneOrder(t *testing.T) {
	service := &orders.Service{DB: testdb.Pool(t), DefaultPageSize: 20}
	server := httptest.NewServer(service.Handler())
	defer server.Close()
	ctx := context.Background()

	hold, err := service.DB.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Rollback(ctx)
	if _, err := hold.Exec(ctx, "LOCK TABLE orders IN SHARE MODE"); err != nil {
		t.Fatal(err)
	}

	const copies = 8
	body := `{"customer": "cus_7", "amount": {"minor": 1999, "currency": "EUR"}}`
	answers := make([]answer, copies)
	var wg sync.WaitGroup
	for i := range copies {
		wg.Go(func() { answers[i] = post(t, server.URL, "key-7f3a", body) })
	}
	defer func() { hold.Rollback(ctx); wg.Wait() }() // if the test stops early: release, then wait

	// The first request waits for the table ("relation"), the duplicates for its transaction.
	want := map[string]int{"relation": 1, "transactionid": copies - 1}
	waits := lockWaits(t, service)
	for deadline := time.Now().Add(10 * time.Second); !maps.Equal(waits, want) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
		waits = lockWaits(t, service)
	}
	if err := hold.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if !maps.Equal(waits, want) {
		t.Fatalf("backends waiting on locks, by what they wait for: %v, want %v", waits, want)
	}

	replays := 0
	for _, a := range answers {
		if a.status != http.StatusCreated || a.body != answers[0].body {
			t.Fatalf("answers differ: %+v and %+v", a, answers[0])
		}
		if a.replayed {
			replays++
		}
	}
	if n := countOrders(t, service); n != 1 || replays != copies-1 {
		t.Fatalf("%d orders and %d replays for %d copies, want 1 and %d", n, replays, copies, copies-1)
	}
}

// lockWaits counts the test database's backends that wait on a heavyweight lock, by the kind
// of lock they wait for (pg_stat_activity's wait_event).
func lockWaits(t *testing.T, service *orders.Service) map[string]int {
	t.Helper()
	rows, err := service.DB.Query(context.Background(), `SELECT wait_event, count(*)::int FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock' GROUP BY wait_event`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var event string
		var n int
		if err := rows.Scan(&event, &n); err != nil {
			t.Fatal(err)
		}
		counts[event] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return counts
}

// ANCHOR_END: concurrent

// ANCHOR: reuse
func TestKeyReusedWithAnotherBodyIsRefused(t *testing.T) {
	service := &orders.Service{DB: testdb.Pool(t), DefaultPageSize: 20}
	server := httptest.NewServer(service.Handler())
	defer server.Close()

	first := post(t, server.URL, "key-1", `{"customer": "cus_7", "amount": {"minor": 1999, "currency": "EUR"}}`)
	second := post(t, server.URL, "key-1", `{"customer": "cus_7", "amount": {"minor": 2999, "currency": "EUR"}}`)
	if first.status != http.StatusCreated || second.status != http.StatusUnprocessableEntity {
		t.Fatalf("statuses %d and %d, want 201 and 422", first.status, second.status)
	}
	var problem orders.Problem
	if err := json.Unmarshal([]byte(second.body), &problem); err != nil || !strings.HasSuffix(problem.Type, "/idempotency-key-reused") {
		t.Fatalf("422 body %q is not the key-reused problem (%v)", second.body, err)
	}
	if n := countOrders(t, service); n != 1 {
		t.Fatalf("%d orders, want 1", n)
	}
}

// ANCHOR_END: reuse

// ANCHOR: pruned
// Keys are a retry window, not a ledger: once pruned, the same request makes a second order.
func TestPrunedKeyRunsTheRequestAgain(t *testing.T) {
	service := &orders.Service{DB: testdb.Pool(t), DefaultPageSize: 20}
	server := httptest.NewServer(service.Handler())
	defer server.Close()
	body := `{"customer": "cus_7", "amount": {"minor": 500, "currency": "JPY"}}`
	ctx := context.Background()

	first := post(t, server.URL, "key-old", body)
	if _, err := service.DB.Exec(ctx, "UPDATE idempotency_keys SET created_at = created_at - interval '25 hours'"); err != nil {
		t.Fatal(err)
	}
	pruned, err := orders.PruneKeys(ctx, service.DB, 24*time.Hour)
	if err != nil || pruned != 1 {
		t.Fatalf("pruned %d keys (%v), want 1", pruned, err)
	}
	again := post(t, server.URL, "key-old", body)
	if again.replayed || again.body == first.body || countOrders(t, service) != 2 {
		t.Fatalf("after pruning: replayed=%v, same body=%v, %d orders; want a new order", again.replayed, again.body == first.body, countOrders(t, service))
	}
}

// ANCHOR_END: pruned

// A request the service refuses before it begins is not stored: the client fixes it and
// retries with the same key.
func TestInvalidRequestIsNotStored(t *testing.T) {
	service := &orders.Service{DB: testdb.Pool(t), DefaultPageSize: 20}
	server := httptest.NewServer(service.Handler())
	defer server.Close()

	if a := post(t, server.URL, "", `{"customer": "cus_7", "amount": {"minor": 1, "currency": "EUR"}}`); a.status != http.StatusBadRequest {
		t.Fatalf("no key: status %d, want 400", a.status)
	}
	if a := post(t, server.URL, strings.Repeat("k", 256), `{"customer": "cus_7", "amount": {"minor": 1, "currency": "EUR"}}`); a.status != http.StatusBadRequest {
		t.Fatalf("256-character key: status %d, want 400", a.status)
	}
	if a := post(t, server.URL, "key-2", `{"customer": "cus_7", "amount": {"minor": 19.99, "currency": "EUR"}}`); a.status != http.StatusBadRequest {
		t.Fatalf("float amount: status %d, want 400", a.status)
	}
	if a := post(t, server.URL, "key-2", `{"customer": "cus_7", "amount": {"minor": 1999, "currency": "EUR"}}`); a.status != http.StatusCreated || a.replayed {
		t.Fatalf("fixed body with the same key: %+v, want a new order", a)
	}
}
