//go:build !plausible

package stale

import (
	"testing"

	"playbook.example/ai-coding-in-2026/internal/gocmd"
)

// The plausible version is stale, not broken: it passes the same test as the current one.
// (What go fix proposes for it is the record gofix_diff.)
func TestPlausibleVersionPassesTheSharedTest(t *testing.T) {
	gocmd.DependsOn(t, "sizes_plausible.go")
	if out, code := gocmd.Run(t, ".", nil,
		"test", "-tags", "plausible", "-count=1", "-run", "^TestBodySizes$", "."); code != 0 {
		t.Fatalf("the plausible version should work; its test failed:\n%s", out)
	}
}

// The current version is what go fix turns the plausible one into: nothing is left to modernise.
func TestCurrentVersionNeedsNoFix(t *testing.T) {
	if out, code := gocmd.Run(t, ".", nil, "fix", "-diff", "."); code != 0 || out != "" {
		t.Errorf("go fix -diff wants to change the current version (exit %d):\n%s", code, out)
	}
}
