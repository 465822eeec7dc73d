package survey

import (
	"fmt"
	"strings"
	"testing"

	"playbook.example/go-struct-field-alignment/sizeclass"
)

// The survey of this module's layout package agrees with fieldalignment (Survey fails
// otherwise) and finds the sizes the layout examples print, and the heap objects the heap
// example measures.
func TestSurveyOfTheLayoutPackage(t *testing.T) {
	table, err := sizeclass.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Survey(Corpus{Label: "layout", Dir: "..", Patterns: []string{"./layout/"}}, table)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, st := range s.Structs {
		lines = append(lines, fmt.Sprintf("%s %d → %d, heap %d → %d", st.Name, st.Size, st.Optimal, st.Object, st.OptimalObject))
	}
	want := []string{
		"Reading 40 → 32, heap 48 → 32",
		"PackedReading 32 → 32, heap 32 → 32",
		"Session 48 → 40, heap 48 → 48",
		"PackedSession 40 → 40, heap 48 → 48",
		"Marked 16 → 8, heap 16 → 8",
		"MarkedFirst 8 → 8, heap 8 → 8",
		"MarkedPadded 16 → 16, heap 16 → 16",
		"Counters 24 → 24, heap 24 → 24",
	}
	if got := strings.Join(lines, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("want\n%s\ngot\n%s", strings.Join(want, "\n"), got)
	}
}
