package stations

import (
	"bytes"
	"math"
	"testing"
)

func TestCommittedDataSetIsTheGeneratorsOutput(t *testing.T) {
	want, err := Encode(Generate(DataSetSize, DataSetSeed))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stationsJSON, want) {
		t.Fatal("stations.json differs from the generator's output: run `go run ./cmd/genstations > stations/stations.json`")
	}
}

func TestLookup(t *testing.T) {
	ix, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := ix.Lookup(2)
	if !ok || s.Name != "Schloßstraße 58" || s.Lat != 52.560832 || s.Docks != 14 || s.Bikes != 1 {
		t.Errorf("Lookup(2) = %+v, %v", s, ok)
	}
	for _, id := range []int{0, -1, DataSetSize + 1} {
		if _, ok := ix.Lookup(id); ok {
			t.Errorf("Lookup(%d) found a station", id)
		}
	}
}

func TestDistanceMetres(t *testing.T) {
	// One degree of latitude along a meridian is R·π/180.
	if got, want := DistanceMetres(52, 13, 53, 13), earthRadiusM*math.Pi/180; math.Abs(got-want) > 1e-6 {
		t.Errorf("one degree of latitude: got %.6f m, want %.6f m", got, want)
	}
	// Equator to pole is a quarter of a great circle, whatever the longitude.
	if got, want := DistanceMetres(0, 13, 90, -170), earthRadiusM*math.Pi/2; math.Abs(got-want) > 1e-6 {
		t.Errorf("equator to pole: got %.6f m, want %.6f m", got, want)
	}
	// Distance does not depend on the direction of travel.
	if a, b := DistanceMetres(52.51, 13.37, 52.52, 13.41), DistanceMetres(52.52, 13.41, 52.51, 13.37); a != b {
		t.Errorf("not symmetric: %v and %v", a, b)
	}
	if got := DistanceMetres(52.5, 13.4, 52.5, 13.4); got != 0 {
		t.Errorf("a point to itself: got %g m", got)
	}
}

func TestNearestIsSortedAndComplete(t *testing.T) {
	ix, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	got := ix.Nearest(52.52, 13.405, 5)
	if len(got) != 5 {
		t.Fatalf("got %d stations, want 5", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].DistanceM > got[i].DistanceM ||
			got[i-1].DistanceM == got[i].DistanceM && got[i-1].ID > got[i].ID {
			t.Errorf("not in order at %d: %+v then %+v", i, got[i-1], got[i])
		}
	}
	// No station left out is closer than the farthest one returned.
	farthest := got[len(got)-1].DistanceM
	returned := map[int]bool{}
	for _, n := range got {
		returned[n.ID] = true
	}
	for _, s := range ix.all {
		d := int(math.Floor(DistanceMetres(52.52, 13.405, s.Lat, s.Lon) + 0.5))
		if !returned[s.ID] && d < farthest {
			t.Errorf("station %d at %d m was left out, but %d m was returned", s.ID, d, farthest)
		}
	}
	if all := ix.Nearest(52.52, 13.405, DataSetSize+10); len(all) != DataSetSize {
		t.Errorf("a limit above the data set's size: got %d stations, want %d", len(all), DataSetSize)
	}
}

// The nearby endpoint's work without HTTP, for the CPU profile that profile_nearby.py records.
func BenchmarkNearest(b *testing.B) {
	ix, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix.Nearest(52.52, 13.405, 10)
	}
}
