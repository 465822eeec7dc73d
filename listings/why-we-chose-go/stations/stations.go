// Package stations holds the bike-share stations the service answers about and
// the two things it computes from them: one station by its id, and the stations
// nearest to a point. The Python service computes the same things the same way
// (pyservice/stations_app.py), so that the two can be compared byte for byte.
package stations

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Station is one docking station, as stations.json and the API spell it.
type Station struct {
	ID    int     `json:"id"`
	Name  string  `json:"name"`
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Docks int     `json:"docks"`
	Bikes int     `json:"bikes"`
}

// Nearby is a station in the answer to "which stations are closest to here?".
type Nearby struct {
	ID        int    `json:"id"`
	Name      string `json:"name"`
	DistanceM int    `json:"distance_m"`
	Bikes     int    `json:"bikes"`
}

// The data set both services load; cmd/genstations writes it.
//
//go:embed stations.json
var stationsJSON []byte

// Index answers lookups by id and nearest-station queries.
type Index struct {
	all  []Station
	byID map[int]Station
}

// Load reads the embedded data set.
func Load() (*Index, error) {
	var all []Station
	if err := json.Unmarshal(stationsJSON, &all); err != nil {
		return nil, fmt.Errorf("stations.json: %w", err)
	}
	byID := make(map[int]Station, len(all))
	for _, s := range all {
		byID[s.ID] = s
	}
	return &Index{all: all, byID: byID}, nil
}

// Lookup returns the station with the given id.
func (ix *Index) Lookup(id int) (Station, bool) {
	s, ok := ix.byID[id]
	return s, ok
}

// ANCHOR: nearest
// Nearest returns the limit stations closest to (lat, lon), nearest first. It
// measures the distance to every station: the work is the same on every call.
func (ix *Index) Nearest(lat, lon float64, limit int) []Nearby {
	found := make([]Nearby, len(ix.all))
	for i, s := range ix.all {
		metres := math.Floor(DistanceMetres(lat, lon, s.Lat, s.Lon) + 0.5)
		found[i] = Nearby{ID: s.ID, Name: s.Name, DistanceM: int(metres), Bikes: s.Bikes}
	}
	slices.SortFunc(found, func(a, b Nearby) int {
		return cmp.Or(cmp.Compare(a.DistanceM, b.DistanceM), cmp.Compare(a.ID, b.ID))
	})
	return found[:min(limit, len(found))]
}

// ANCHOR_END: nearest

// earthRadiusM is the mean radius of the Earth (IUGG), in metres.
const earthRadiusM = 6_371_008.8

// DistanceMetres is the great-circle distance between two points given in
// degrees (the haversine formula). The Python service writes every operation in
// the same order, so that both round to the same metre.
func DistanceMetres(lat1, lon1, lat2, lon2 float64) float64 {
	const toRadians = math.Pi / 180
	phi1, phi2 := lat1*toRadians, lat2*toRadians
	dPhi, dLambda := (lat2-lat1)*toRadians, (lon2-lon1)*toRadians
	sinPhi, sinLambda := math.Sin(dPhi/2), math.Sin(dLambda/2)
	a := sinPhi*sinPhi + math.Cos(phi1)*math.Cos(phi2)*sinLambda*sinLambda
	return 2 * earthRadiusM * math.Asin(math.Sqrt(a))
}
