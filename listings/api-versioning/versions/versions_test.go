package versions_test

import (
	"maps"
	"strings"
	"testing"

	"playbook.example/api-versioning/versions"
)

func rename(from, to string) func(versions.Resource) {
	return func(r versions.Resource) {
		r[to] = r[from]
		delete(r, from)
	}
}

// Two renames of the same field, a -> b in version 2 and b -> c in version 3: only the right
// order of the walk turns c back into a, and a into c.
func orderSensitive(t *testing.T) *versions.Chain {
	chain, err := versions.NewChain(
		versions.Version{Date: "2020-01-01", Major: 1},
		versions.Version{Date: "2021-01-01", Major: 2, Changes: []versions.Change{{
			Summary: "a is renamed b", Downgrade: rename("b", "a"), Upgrade: rename("a", "b"),
		}}},
		versions.Version{Date: "2022-01-01", Major: 3, Changes: []versions.Change{{
			Summary: "b is renamed c", Downgrade: rename("c", "b"), Upgrade: rename("b", "c"),
		}}},
	)
	if err != nil {
		t.Fatal(err)
	}
	return chain
}

func TestDowngradeWalksFromNewestToTheTarget(t *testing.T) {
	chain := orderSensitive(t)
	for major, want := range map[int]string{1: "a", 2: "b", 3: "c"} {
		v, _ := chain.ByMajor(major)
		r := versions.Resource{"c": 7}
		chain.Downgrade(r, v)
		if !maps.Equal(r, versions.Resource{want: 7}) {
			t.Errorf("downgrade to v%d: got %v, want {%s: 7}", major, r, want)
		}
	}
}

func TestUpgradeWalksFromTheClientToTheNewest(t *testing.T) {
	chain := orderSensitive(t)
	for major, field := range map[int]string{1: "a", 2: "b", 3: "c"} {
		v, _ := chain.ByMajor(major)
		r := versions.Resource{field: 7}
		chain.Upgrade(r, v)
		if !maps.Equal(r, versions.Resource{"c": 7}) {
			t.Errorf("upgrade from v%d: got %v, want {c: 7}", major, r)
		}
	}
}

func TestNewChainRejectsAMalformedChangelog(t *testing.T) {
	change := []versions.Change{{Summary: "x"}}
	for _, tc := range []struct {
		name     string
		versions []versions.Version
		want     string
	}{
		{"gap in majors", []versions.Version{{Date: "2020-01-01", Major: 1}, {Date: "2021-01-01", Major: 3, Changes: change}},
			"version 2021-01-01: expected major 2, found 3"},
		{"dates out of order", []versions.Version{{Date: "2021-01-01", Major: 1}, {Date: "2020-01-01", Major: 2, Changes: change}},
			"version 2020-01-01: expected a date after 2021-01-01"},
		{"version without a change", []versions.Version{{Date: "2020-01-01", Major: 1}, {Date: "2021-01-01", Major: 2}},
			"version 2021-01-01: a new version needs at least one breaking change"},
	} {
		_, err := versions.NewChain(tc.versions...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want %q", tc.name, err, tc.want)
		}
	}
}
