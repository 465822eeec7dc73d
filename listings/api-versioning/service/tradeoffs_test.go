package service_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type reply struct {
	status int
	header http.Header
	body   string
}

// get sends one request to the server over its real listener, without following redirects.
func get(t *testing.T, srv *httptest.Server, path string, headers ...string) reply {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range headers {
		if name, value, ok := strings.Cut(h, ": "); ok {
			req.Header.Add(name, value)
		}
	}
	client := *srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, string(body)}
}

// ANCHOR: routing
// A router that sees only the path (a ServeMux here; a load balancer's path rule in real
// life) can send the old major version to its own deployment. The same version asked for
// by header or media type reaches whatever serves the path.
func TestRoutingSeesOnlyThePath(t *testing.T) {
	backend := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, name) })
	}
	front := http.NewServeMux()
	front.Handle("/v1/", backend("legacy deployment"))
	front.Handle("/", backend("current deployment"))
	srv := httptest.NewServer(front)
	defer srv.Close()

	for _, tc := range []struct {
		path, header, want string
	}{
		{"/v1/customers/cus_42", "", "legacy deployment"},
		{"/customers/cus_42", "Playbook-Version: 2020-12-01", "current deployment"},
		{"/customers/cus_42", "Accept: application/vnd.playbook.v1+json", "current deployment"},
	} {
		if got := get(t, srv, tc.path, tc.header); got.body != tc.want {
			t.Errorf("%s %s: reached %q, want %q", tc.path, tc.header, got.body, tc.want)
		}
	}
	// A subtree pattern answers its bare path with a redirect: 307 since Go 1.26 (Go 1.25
	// and earlier sent 301), so a POST to /v1 is repeated as a POST to /v1/.
	if got := get(t, srv, "/v1"); got.status != http.StatusTemporaryRedirect || got.header.Get("Location") != "/v1/" {
		t.Errorf("/v1: got %d to %q, want 307 to /v1/", got.status, got.header.Get("Location"))
	}
}

// ANCHOR_END: routing

// ANCHOR: caching
// What a cache must key on. A path version is part of the URL, the key every HTTP cache
// uses, and needs no Vary. On /customers/..., one URL has several answers, and only Vary
// tells a cache which request headers pick between them.
func TestCacheKeys(t *testing.T) {
	srv := listen(june)
	defer srv.Close()
	ada := "/customers/cus_42"

	v1 := get(t, srv, "/v1"+ada, bearer("key_2021"))
	v2 := get(t, srv, "/v2"+ada, bearer("key_2021"))
	if v1.header.Get("Vary") != "" || v2.header.Get("Vary") != "" {
		t.Errorf("path versions: Vary %q and %q, want none", v1.header.Get("Vary"), v2.header.Get("Vary"))
	}

	// One URL, four answers: two by header, two by account (their pins).
	answers := map[string]string{}
	for _, headers := range [][]string{
		{bearer("key_2021"), "Playbook-Version: 2020-12-01"},
		{bearer("key_2021"), "Playbook-Version: 2024-10-01"},
		{bearer("key_2021")},
		{bearer("key_2023")},
	} {
		r := get(t, srv, ada, headers...)
		if r.header.Get("Vary") != "Accept, Playbook-Version, Authorization" {
			t.Errorf("%v: Vary %q", headers, r.header.Get("Vary"))
		}
		if r.header.Get("Cache-Control") != "private, max-age=60" {
			t.Errorf("%v: Cache-Control %q, want private: the pin makes the answer depend on the account",
				headers, r.header.Get("Cache-Control"))
		}
		answers[r.body] = r.header.Get("Playbook-Version")
	}
	if len(answers) != 3 {
		t.Errorf("got %d distinct bodies for one URL, want 3 (2020-12-01 twice, 2022-03-01, 2024-10-01): %v",
			len(answers), answers)
	}
}

// ANCHOR_END: caching

// ANCHOR: clients
// What a client must send, and what it gets when it sends something else.
func TestWhatAClientMustSend(t *testing.T) {
	srv := listen(june)
	defer srv.Close()
	ada := "/customers/cus_42"
	for _, tc := range []struct {
		name    string
		path    string
		headers []string
		status  int
		version string // the Playbook-Version of the answer, or a word of the problem's detail
	}{
		{"path: the URL is enough", "/v2" + ada, []string{bearer("key_2021")}, 200, "2022-03-01"},
		{"no version: the account's pin", ada, []string{bearer("key_2021")}, 200, "2020-12-01"},
		{"no version, other account", ada, []string{bearer("key_2023")}, 200, "2022-03-01"},
		{"generic Accept: the pin", ada, []string{bearer("key_2021"), "Accept: application/json, */*"}, 200, "2020-12-01"},
		{"highest q wins", ada, []string{bearer("key_2021"),
			"Accept: application/vnd.playbook.v1+json;q=0.5, application/vnd.playbook.v3+json"}, 200, "2024-10-01"},
		{"media type of no version", ada, []string{bearer("key_2021"), "Accept: application/vnd.playbook.v9+json"}, 406, "v9"},
		{"header of no version", ada, []string{bearer("key_2021"), "Playbook-Version: 2021-06-01"}, 400, "2020-12-01, 2022-03-01, 2024-10-01"},
		{"two versions at once", ada, []string{bearer("key_2021"), "Playbook-Version: 2024-10-01",
			"Accept: application/vnd.playbook.v2+json"}, 400, "send one"},
		{"path of no version", "/v9" + ada, []string{bearer("key_2021")}, 404, "v1 to v3"},
		{"no API key", "/v2" + ada, nil, 401, "Bearer"},
	} {
		r := get(t, srv, tc.path, tc.headers...)
		if r.status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, r.status, tc.status, r.body)
			continue
		}
		if tc.status == 200 {
			if got := r.header.Get("Playbook-Version"); got != tc.version {
				t.Errorf("%s: version %s, want %s", tc.name, got, tc.version)
			}
			continue
		}
		var p struct{ Status int }
		if err := json.Unmarshal([]byte(r.body), &p); err != nil || p.Status != tc.status ||
			r.header.Get("Content-Type") != "application/problem+json" || !strings.Contains(r.body, tc.version) {
			t.Errorf("%s: want a problem+json naming %q, got %s %q", tc.name, tc.version, r.header.Get("Content-Type"), r.body)
		}
	}
}

// ANCHOR_END: clients

// A new account is pinned on its first request, and stays on that version.
func TestFirstRequestPinsTheAccount(t *testing.T) {
	srv := listen(june)
	defer srv.Close()
	first := get(t, srv, "/customers/cus_42", bearer("key_fresh"))
	again := get(t, srv, "/customers/cus_42", bearer("key_fresh"))
	if first.header.Get("Playbook-Version") != "2024-10-01" || again.body != first.body {
		t.Errorf("first %s %s, again %s", first.header.Get("Playbook-Version"), first.body, again.body)
	}
}
