//go:build !plausible

package deps

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"playbook.example/ai-coding-in-2026/internal/gocmd"
)

func TestUnlistedFlagsOnlyNewModules(t *testing.T) {
	requirements := []byte(`{"Require": [
		{"Path": "golang.org/x/sync", "Version": "v0.19.0"},
		{"Path": "example.com/pgxretry", "Version": "v0.3.1"}]}`)
	allowed := ParseAllowList([]byte("# reviewed\ngolang.org/x/sync\n\n"))
	got, err := Unlisted(requirements, allowed)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"example.com/pgxretry v0.3.1"}; !slices.Equal(got, want) {
		t.Errorf("Unlisted = %q, want %q", got, want)
	}
}

// This module's own go.mod passes its own gate: CI would fail otherwise.
func TestOwnGoModIsAllowed(t *testing.T) {
	unlisted, err := Unlisted(modJSON(t, "../go.mod"), allowList(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlisted) > 0 {
		t.Errorf("go.mod requires modules that are not on allowed-modules.txt: %q", unlisted)
	}
}

// The record depgate runs the gate on testdata/after-go-get.mod: this go.mod as `go get
// example.com/pgxretry` would leave it had the name been registered. It must stay exactly that.
func TestAfterGoGetFixtureIsThisGoModPlusOneModule(t *testing.T) {
	type goMod struct {
		Module  struct{ Path string }
		Go      string
		Require []struct{ Path, Version string }
	}
	var current, after goMod
	for path, into := range map[string]*goMod{"../go.mod": &current, "testdata/after-go-get.mod": &after} {
		if err := json.Unmarshal(modJSON(t, path), into); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	added := slices.DeleteFunc(slices.Clone(after.Require), func(r struct{ Path, Version string }) bool {
		return slices.Contains(current.Require, r)
	})
	if after.Module != current.Module || after.Go != current.Go || len(after.Require) != len(current.Require)+1 ||
		len(added) != 1 || added[0].Path != "example.com/pgxretry" {
		t.Errorf("testdata/after-go-get.mod is not ../go.mod plus example.com/pgxretry:\n%+v\n%+v", after, current)
	}
}

// modJSON is a go.mod file as go mod edit -json prints it (offline, as the gate reads it).
func modJSON(t *testing.T, path string) []byte {
	t.Helper()
	gocmd.DependsOn(t, path)
	out, code := gocmd.Run(t, ".", nil, "mod", "edit", "-json", path)
	if code != 0 {
		t.Fatalf("go mod edit -json %s: %s", path, out)
	}
	return []byte(out)
}

func allowList(t *testing.T) []string {
	t.Helper()
	text, err := os.ReadFile("../allowed-modules.txt")
	if err != nil {
		t.Fatal(err)
	}
	return ParseAllowList(text)
}
