// Package api is the stations service's HTTP interface: two JSON endpoints and
// a health check, routed by the standard library's ServeMux (Go 1.22 patterns).
package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"

	"playbook.example/why-we-chose-go/stations"
)

// The error messages are part of the API: the Python service sends the same bytes.
const (
	msgBadID     = "station id must be a whole number"
	msgNoStation = "no such station"
	msgBadLat    = "lat must be a number of degrees from -90 to 90"
	msgBadLon    = "lon must be a number of degrees from -180 to 180"
	msgBadLimit  = "limit must be a whole number from 1 to 50"
)

// The grammar of the inputs, written out rather than left to a parser: Go's
// ParseFloat and Python's float() accept different strings ("1_0", "nan", " 1").
var (
	wholeNumber = regexp.MustCompile(`^[0-9]{1,9}$`)
	degrees     = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{1,7})?$`)
)

const defaultLimit, maxLimit = 5, 50

// ANCHOR: routes
// New returns the service's handler.
func New(ix *stations.Index) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	// More specific than "GET /stations/{id}", so it wins for /stations/nearby
	// whatever the order of registration.
	mux.HandleFunc("GET /stations/nearby", func(w http.ResponseWriter, r *http.Request) {
		query := r.URL.Query()
		lat, ok := parseDegrees(query.Get("lat"), 90)
		if !ok {
			writeError(w, http.StatusBadRequest, msgBadLat)
			return
		}
		lon, ok := parseDegrees(query.Get("lon"), 180)
		if !ok {
			writeError(w, http.StatusBadRequest, msgBadLon)
			return
		}
		limit, ok := parseLimit(query.Get("limit"))
		if !ok {
			writeError(w, http.StatusBadRequest, msgBadLimit)
			return
		}
		writeJSON(w, http.StatusOK, map[string][]stations.Nearby{"stations": ix.Nearest(lat, lon, limit)})
	})
	mux.HandleFunc("GET /stations/{id}", func(w http.ResponseWriter, r *http.Request) {
		raw := r.PathValue("id")
		if !wholeNumber.MatchString(raw) {
			writeError(w, http.StatusBadRequest, msgBadID)
			return
		}
		id, _ := strconv.Atoi(raw) // nine digits at most: always fits
		station, found := ix.Lookup(id)
		if !found {
			writeError(w, http.StatusNotFound, msgNoStation)
			return
		}
		writeJSON(w, http.StatusOK, station)
	})
	return mux
}

// ANCHOR_END: routes

func parseDegrees(raw string, limit float64) (float64, bool) {
	if !degrees.MatchString(raw) {
		return 0, false
	}
	value, err := strconv.ParseFloat(raw, 64)
	return value, err == nil && -limit <= value && value <= limit
}

func parseLimit(raw string) (int, bool) {
	if raw == "" {
		return defaultLimit, true
	}
	if !wholeNumber.MatchString(raw) {
		return 0, false
	}
	limit, _ := strconv.Atoi(raw)
	return limit, 1 <= limit && limit <= maxLimit
}

func writeError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]string{"error": message})
}

// writeJSON sends v as compact JSON, the form Starlette's JSONResponse sends too.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "cannot encode the response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}
