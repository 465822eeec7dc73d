// The same handler, built with the ServeMux rules of Go 1.21. A module whose go.mod
// says go 1.21 gets this setting by default; this test asks for it with a directive.

//go:debug httpmuxgo121=1

// Package legacymux shows what the go line of go.mod does to the service's routes.
package legacymux

import (
	"net/http/httptest"
	"testing"

	"playbook.example/why-we-chose-go/api"
	"playbook.example/why-we-chose-go/stations"
)

// ANCHOR: legacy
func TestGo121MuxRulesTakeThePatternsLiterally(t *testing.T) {
	ix, err := stations.Load()
	if err != nil {
		t.Fatal(err)
	}
	handler := api.New(ix)
	for _, target := range []string{"/healthz", "/stations/2", "/stations/nearby?lat=52.52&lon=13.4"} {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != 404 {
			t.Errorf("GET %s: status %d, want 404: no Go 1.21 pattern matches it", target, w.Code)
		}
	}
}

// ANCHOR_END: legacy
