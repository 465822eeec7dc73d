// Package deps is a dependency gate for CI: every module a go.mod requires must be on a
// reviewed allow-list. A hallucinated module that someone has since registered resolves and
// builds like any other; what makes it visible is that it is new.
package deps

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// ANCHOR: gate
// Unlisted returns "path version" for every requirement in modJSON (the output of
// go mod edit -json) whose module path is not in allowed, sorted.
func Unlisted(modJSON []byte, allowed []string) ([]string, error) {
	var mod struct {
		Require []struct{ Path, Version string }
	}
	if err := json.Unmarshal(modJSON, &mod); err != nil {
		return nil, fmt.Errorf("reading go mod edit -json output: %w", err)
	}
	var unlisted []string
	for _, r := range mod.Require {
		if !slices.Contains(allowed, r.Path) {
			unlisted = append(unlisted, r.Path+" "+r.Version)
		}
	}
	slices.Sort(unlisted)
	return unlisted, nil
}

// ANCHOR_END: gate

// ParseAllowList reads one module path per line; blank lines and lines starting with # are skipped.
func ParseAllowList(text []byte) []string {
	var allowed []string
	lines := bufio.NewScanner(bytes.NewReader(text))
	for lines.Scan() {
		if line := strings.TrimSpace(lines.Text()); line != "" && !strings.HasPrefix(line, "#") {
			allowed = append(allowed, line)
		}
	}
	return allowed
}
