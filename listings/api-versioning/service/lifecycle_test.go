package service_test

import (
	"strings"
	"testing"
	"time"

	"playbook.example/api-versioning/service"
)

// ANCHOR: lifecycle
// Version 1 in June 2026: deprecated since October 2024, sunset at the end of 2026. Version 2:
// its deprecation is announced for October 2026, a date still in the future. Version 1 on
// the first day of 2027: gone.
func Example_lifecycle() {
	show := []string{"Playbook-Version", "Deprecation", "Sunset", "Link"}
	srv := listen(june)
	call(srv, "GET", "/v1/customers/cus_42", "", []string{bearer("key_2021")}, show...)
	call(srv, "GET", "/v2/customers/cus_42", "", []string{bearer("key_2021")}, show...)
	srv.Close()

	srv = listen(func() time.Time { return time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC) })
	defer srv.Close()
	call(srv, "GET", "/v1/customers/cus_42", "", []string{bearer("key_2021")}, show...)
	// Output:
	// GET /v1/customers/cus_42
	//   -> 200 OK
	//      Playbook-Version: 2020-12-01
	//      Deprecation: @1727740800
	//      Sunset: Thu, 31 Dec 2026 23:59:59 GMT
	//      Link: <https://developer.example.com/changelog#2020-12-01>; rel="deprecation"; type="text/html"
	//      Link: <https://developer.example.com/changelog#2020-12-01>; rel="sunset"; type="text/html"
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /v2/customers/cus_42
	//   -> 200 OK
	//      Playbook-Version: 2022-03-01
	//      Deprecation: @1790812800
	//      Sunset: Thu, 30 Sep 2027 23:59:59 GMT
	//      Link: <https://developer.example.com/changelog#2022-03-01>; rel="deprecation"; type="text/html"
	//      Link: <https://developer.example.com/changelog#2022-03-01>; rel="sunset"; type="text/html"
	//      {"company":"Analytical Engines Ltd","created":1606815000,"email_address":"ada@example.com","id":"cus_42","name":"Ada Lovelace","status":"inactive"}
	// GET /v1/customers/cus_42
	//   -> 410 Gone
	//      Playbook-Version: 2020-12-01
	//      Deprecation: @1727740800
	//      Sunset: Thu, 31 Dec 2026 23:59:59 GMT
	//      Link: <https://developer.example.com/changelog#2020-12-01>; rel="deprecation"; type="text/html"
	//      Link: <https://developer.example.com/changelog#2020-12-01>; rel="sunset"; type="text/html"
	//      {"type":"about:blank","title":"Gone","status":410,"detail":"version 2020-12-01 was retired on 2026-12-31; see https://developer.example.com/changelog#2020-12-01"}
}

// ANCHOR_END: lifecycle

// The exact field values, worked out by hand: 2024-10-01T00:00:00Z is 1727740800 seconds
// after the epoch (date -u -d 2024-10-01 +%s), and 31 December 2026 is a Thursday.
func TestLifecycleHeaderSyntax(t *testing.T) {
	srv := listen(june)
	defer srv.Close()
	r := get(t, srv, "/v1/customers/cus_42", bearer("key_2021"))
	if got := r.header.Get("Deprecation"); got != "@1727740800" {
		t.Errorf("Deprecation %q, want the Structured Field Date @1727740800 (RFC 9745)", got)
	}
	if got := r.header.Get("Sunset"); got != "Thu, 31 Dec 2026 23:59:59 GMT" {
		t.Errorf("Sunset %q, want the IMF-fixdate Thu, 31 Dec 2026 23:59:59 GMT (RFC 8594)", got)
	}
	current := get(t, srv, "/v3/customers/cus_42", bearer("key_2021"))
	for _, name := range []string{"Deprecation", "Sunset", "Link"} {
		if v := current.header.Values(name); len(v) > 0 {
			t.Errorf("the newest version sends %s: %v", name, v)
		}
	}
}

func TestNewRejectsALifecycleThatBreaksTheRFCs(t *testing.T) {
	at := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	for _, tc := range []struct {
		name      string
		lifecycle map[string]service.Lifecycle
		want      string
	}{
		{"sunset before deprecation", map[string]service.Lifecycle{"2020-12-01": {
			Deprecated: at("2025-01-01"), Sunset: at("2024-12-31"), Docs: "https://example.com"}},
			"version 2020-12-01: sunset 2024-12-31T00:00:00Z is before its deprecation 2025-01-01T00:00:00Z"},
		{"no migration guide", map[string]service.Lifecycle{"2020-12-01": {Deprecated: at("2025-01-01")}},
			"version 2020-12-01: a deprecated version needs a migration guide"},
		{"no such version", map[string]service.Lifecycle{"2021-01-01": {}},
			"lifecycle for version 2021-01-01: no such version; the versions are 2020-12-01, 2022-03-01, 2024-10-01"},
	} {
		_, err := service.New(service.Config{Lifecycles: tc.lifecycle})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
}
