package client_test

import (
	"net/http"
	"testing"
	"time"

	"playbook.example/api-rate-limiting/client"
)

func TestRetryAfter(t *testing.T) {
	clientNow := time.Date(2019, 2, 12, 10, 0, 0, 0, time.UTC)
	// The server's clock is an hour and a half behind the client's.
	serverDate := "Tue, 12 Feb 2019 08:30:00 GMT"
	for _, c := range []struct {
		name        string
		retryAfter  string
		date        string
		want        time.Duration
		wantPresent bool
	}{
		{"delay-seconds", "120", "", 2 * time.Minute, true},
		{"zero", "0", "", 0, true},
		{"IMF-fixdate, from the response's Date", "Tue, 12 Feb 2019 08:30:30 GMT", serverDate, 30 * time.Second, true},
		{"RFC 850 date", "Tuesday, 12-Feb-19 08:30:30 GMT", serverDate, 30 * time.Second, true},
		{"asctime date", "Tue Feb 12 08:30:30 2019", serverDate, 30 * time.Second, true},
		{"date without Date: from the client's clock", "Tue, 12 Feb 2019 10:00:30 GMT", "", 30 * time.Second, true},
		{"date in the past", "Tue, 12 Feb 2019 08:00:00 GMT", serverDate, 0, true},
		{"absent", "", "", 0, false},
		{"negative", "-5", "", 0, false},
		{"fraction", "1.5", "", 0, false},
		{"leading space kept by a broken proxy", " 120x", "", 0, false},
		{"not a date", "tomorrow", "", 0, false},
		{"absurdly far", "99999999999", "", 0, false},
	} {
		h := http.Header{}
		if c.retryAfter != "" {
			h.Set("Retry-After", c.retryAfter)
		}
		if c.date != "" {
			h.Set("Date", c.date)
		}
		got, present := client.RetryAfter(h, clientNow)
		if got != c.want || present != c.wantPresent {
			t.Errorf("%s: Retry-After %q: %v, %v; want %v, %v", c.name, c.retryAfter, got, present, c.want, c.wantPresent)
		}
	}
}
