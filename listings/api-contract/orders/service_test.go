package orders_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"playbook.example/api-contract/internal/testdb"
	"playbook.example/api-contract/orders"
)

// ANCHOR: golden
// The problem document of a missing order, compared byte for byte with the one the contract
// shows (testdata/not-found.json): a change to it is a change to the contract, made on purpose.
func TestNotFoundIsAProblemDocument(t *testing.T) {
	service := &orders.Service{DB: testdb.Pool(t), DefaultPageSize: 20}
	server := httptest.NewServer(service.Handler())
	defer server.Close()

	response, err := http.Get(server.URL + "/orders/42")
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(response.Body)
	want, err := os.ReadFile("testdata/not-found.json")
	if err != nil {
		t.Fatal(err)
	}
	if response.StatusCode != http.StatusNotFound || response.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("status %d, Content-Type %q; want 404, application/problem+json", response.StatusCode, response.Header.Get("Content-Type"))
	}
	if !bytes.Equal(body, want) {
		t.Errorf("body\n%s\nwant (testdata/not-found.json)\n%s", body, want)
	}
}

// ANCHOR_END: golden

func TestMoneyRejectsWhatItCannotRepresent(t *testing.T) {
	for _, input := range []string{
		`{"minor": 19.99, "currency": "EUR"}`,
		`{"minor": 1e3, "currency": "EUR"}`,
		`{"minor": "1999", "currency": "EUR"}`,
		`{"minor": 1999, "currency": "XYZ"}`,
		`{"minor": 9223372036854775808, "currency": "EUR"}`,
	} {
		var m orders.Money
		if err := json.Unmarshal([]byte(input), &m); err == nil {
			t.Errorf("%s was accepted as %v", input, m)
		}
	}
}

// ANCHOR: money-example
func ExampleMoney() {
	for _, input := range []string{
		`{"minor": 1999, "currency": "EUR"}`,
		`{"minor": 1999, "currency": "JPY"}`,
		`{"minor": 1999, "currency": "BHD"}`,
		`{"minor": 19.99, "currency": "EUR"}`,
		`{"minor": 1999, "currency": "eur"}`,
	} {
		var m orders.Money
		if err := json.Unmarshal([]byte(input), &m); err != nil {
			fmt.Println("refused:", err)
			continue
		}
		fmt.Println(m)
	}
	// Output:
	// 19.99 EUR
	// 1999 JPY
	// 1.999 BHD
	// refused: amount.minor must be an integer number of minor units, found 19.99
	// refused: amount.currency must be an ISO 4217 code this API accepts, found "eur"
}

// ANCHOR_END: money-example
