package server

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// start serves srv on a free port of 127.0.0.1 and returns its base URL.
func start(t *testing.T, srv *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// ANCHOR: test
func TestProfilerOnlyOnTheDebugListener(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "prices") })
	public := start(t, Public("", api))
	debug := start(t, Debug(""))

	if code, body := get(t, public+"/v1/prices"); code != 200 || body != "prices" {
		t.Errorf("public /v1/prices: %d %q", code, body)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/heap", "/debug/pprof/cmdline"} {
		if code, _ := get(t, public+path); code != http.StatusNotFound {
			t.Errorf("public %s: status %d, want 404", path, code)
		}
	}
	if code, body := get(t, debug+"/debug/pprof/"); code != 200 || !strings.Contains(body, "allocs") {
		t.Errorf("debug /debug/pprof/: %d, want 200 and the list of profiles", code)
	}
	if code, body := get(t, debug+"/debug/pprof/goroutine?debug=1"); code != 200 || !strings.Contains(body, "goroutine profile:") {
		t.Errorf("debug goroutine profile: %d %.80q", code, body)
	}
}

// ANCHOR_END: test
