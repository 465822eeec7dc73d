package stations

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// The committed data set: 2,000 stations, about the size of a large city's bike-share scheme.
const (
	DataSetSize = 2000
	DataSetSeed = 2016
)

// Places the generated station names are built from; a few are not ASCII, so
// that both services have to agree on how they encode UTF-8 in JSON.
var places = []string{
	"Alexanderplatz", "Görlitzer Park", "Straße des 17. Juni", "Köpenicker Straße",
	"Warschauer Brücke", "Mauerpark", "Tempelhofer Feld", "Südkreuz", "Hermannplatz",
	"Ostkreuz", "Schloßstraße", "Boxhagener Platz",
}

// Generate makes n stations around central Berlin from a fixed seed: the same
// n and seed always give the same stations. Coordinates are whole millionths
// of a degree, so each one is the float64 nearest to a six-decimal number, and
// both languages print it with the same digits.
func Generate(n int, seed uint64) []Station {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	all := make([]Station, n)
	for i := range all {
		docks := 10 + rng.IntN(31)
		all[i] = Station{
			ID:    i + 1,
			Name:  fmt.Sprintf("%s %d", places[rng.IntN(len(places))], 1+rng.IntN(99)),
			Lat:   float64(52_400_000+rng.IntN(240_000)) / 1e6,
			Lon:   float64(13_200_000+rng.IntN(400_000)) / 1e6,
			Docks: docks,
			Bikes: rng.IntN(docks + 1),
		}
	}
	return all
}

// Encode writes stations as a JSON array, one station per line.
func Encode(all []Station) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString("[\n")
	for i, s := range all {
		line, err := json.Marshal(s)
		if err != nil {
			return nil, err
		}
		out.Write(line)
		if i < len(all)-1 {
			out.WriteByte(',')
		}
		out.WriteByte('\n')
	}
	out.WriteString("]\n")
	return out.Bytes(), nil
}
