//go:build !plausible

package invented

import (
	stdmaps "maps"
	"slices"
	"testing"

	expmaps "golang.org/x/exp/maps"
)

// The plausible Names treats maps.Keys as returning a slice. The experimental package's Keys
// still does, which is where the habit comes from; the standard library's returns an iterator.
// The two assignments below compile only while that stays true.
func TestTwoKeysFunctions(t *testing.T) {
	byName := map[string]int{"bob": 2, "alice": 1}
	var fromExp []string = expmaps.Keys(byName)
	var fromStd func(yield func(string) bool) = stdmaps.Keys(byName)

	slices.Sort(fromExp)
	if want := []string{"alice", "bob"}; !slices.Equal(fromExp, want) || !slices.Equal(slices.Sorted(fromStd), want) {
		t.Errorf("keys: x/exp %v, std %v; want %v from both", fromExp, slices.Sorted(fromStd), want)
	}
}
