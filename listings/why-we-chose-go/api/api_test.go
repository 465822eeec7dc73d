package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"playbook.example/why-we-chose-go/stations"
)

func serve(t *testing.T, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	ix, err := stations.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	New(ix).ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		method, target string
		status         int
		body           string // exact body, or empty to skip
	}{
		{"GET", "/healthz", 200, `{"status":"ok"}`},
		{"GET", "/stations/2", 200, `{"id":2,"name":"Schloßstraße 58","lat":52.560832,"lon":13.254829,"docks":14,"bikes":1}`},
		{"GET", "/stations/0", 404, `{"error":"no such station"}`},
		{"GET", "/stations/2001", 404, `{"error":"no such station"}`},
		{"GET", "/stations/seven", 400, `{"error":"station id must be a whole number"}`},
		{"GET", "/stations/-3", 400, `{"error":"station id must be a whole number"}`},
		{"GET", "/stations/nearby?lat=52.52&lon=13.405&limit=2", 200, ""},
		{"GET", "/stations/nearby?lat=91&lon=13.405", 400, `{"error":"lat must be a number of degrees from -90 to 90"}`},
		{"GET", "/stations/nearby?lat=52.52", 400, `{"error":"lon must be a number of degrees from -180 to 180"}`},
		{"GET", "/stations/nearby?lat=52.52&lon=1_3", 400, `{"error":"lon must be a number of degrees from -180 to 180"}`},
		{"GET", "/stations/nearby?lat=52.52&lon=13.4&limit=51", 400, `{"error":"limit must be a whole number from 1 to 50"}`},
		{"GET", "/stations/2/bikes", 404, ""}, // {id} matches exactly one segment
		{"HEAD", "/stations/2", 200, ""},      // a GET pattern also serves HEAD
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			w := serve(t, tt.method, tt.target)
			if w.Code != tt.status {
				t.Fatalf("status %d, want %d (body %q)", w.Code, tt.status, w.Body)
			}
			if tt.body != "" && w.Body.String() != tt.body {
				t.Errorf("body\n got %s\nwant %s", w.Body, tt.body)
			}
			if tt.body != "" && w.Header().Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type %q", w.Header().Get("Content-Type"))
			}
		})
	}
}

func TestNearbyWinsOverTheWildcard(t *testing.T) {
	w := serve(t, "GET", "/stations/nearby?lat=52.52&lon=13.405")
	var got map[string][]stations.Nearby
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, w.Body)
	}
	if len(got["stations"]) != defaultLimit {
		t.Errorf("got %d stations, want the default of %d", len(got["stations"]), defaultLimit)
	}
}

func TestWrongMethodIs405WithAllow(t *testing.T) {
	w := serve(t, "POST", "/stations/2")
	if w.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status %d, want 405", w.Code)
	}
	if allow := w.Header().Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow %q, want %q", allow, "GET, HEAD")
	}
	if !strings.Contains(w.Body.String(), "Method Not Allowed") {
		t.Errorf("body %q", w.Body)
	}
}
