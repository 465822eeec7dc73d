package survey

import (
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/fieldalignment"
	"golang.org/x/tools/go/packages"
)

var sizeMessage = regexp.MustCompile(`has size (\d+)\b.* but the optimal size is (\d+)\b`)

// Disagreements runs the fieldalignment analyzer on the packages and lists every struct where
// it and Find disagree about the declared or the optimal size; each struct Find skipped as
// generic is left out of the comparison.
func Disagreements(pkgs []*packages.Package, found []Struct, generic []token.Position) ([]string, error) {
	graph, err := checker.Analyze([]*analysis.Analyzer{fieldalignment.Analyzer}, pkgs, nil)
	if err != nil {
		return nil, err
	}
	reported := map[string][2]int64{} // position → declared and optimal size
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			return nil, fmt.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			m := sizeMessage.FindStringSubmatch(d.Message)
			if m == nil {
				continue // the pointer-bytes diagnostic: same size
			}
			size, _ := strconv.ParseInt(m[1], 10, 64)
			optimal, _ := strconv.ParseInt(m[2], 10, 64)
			reported[act.Package.Fset.Position(d.Pos).String()] = [2]int64{size, optimal}
		}
	}
	var problems []string
	for _, s := range found {
		pos := s.Pos.String()
		got, flagged := reported[pos]
		delete(reported, pos)
		switch {
		case s.Size != s.Optimal && !flagged:
			problems = append(problems, fmt.Sprintf("%s: survey %d → %d, analyzer silent", pos, s.Size, s.Optimal))
		case flagged && got != [2]int64{s.Size, s.Optimal}:
			problems = append(problems, fmt.Sprintf("%s: survey %d → %d, analyzer %d → %d", pos, s.Size, s.Optimal, got[0], got[1]))
		}
	}
	for _, pos := range generic {
		delete(reported, pos.String())
	}
	for pos, got := range reported {
		problems = append(problems, fmt.Sprintf("%s: analyzer %d → %d, survey found no such struct", pos, got[0], got[1]))
	}
	slices.Sort(problems) // map order would make the list change between runs
	return problems, nil
}
