package openapi_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// ANCHOR: check
// changes diffs two specs the way `oasdiff breaking` does and returns every finding, INFO
// included, as "level id" strings ("error response-required-property-removed").
func changes(t *testing.T, base, revision *load.SpecInfo) []string {
	t.Helper()
	report, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), base, revision)
	if err != nil {
		t.Fatal(err)
	}
	found := checker.CheckBackwardCompatibilityUntilLevel(
		checker.NewConfig(checker.GetAllChecks()), report, sources, checker.INFO)
	var out []string
	for _, c := range found {
		out = append(out, c.GetLevel().String()+" "+c.GetId())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ANCHOR_END: check

func spec(t *testing.T, file string) *load.SpecInfo {
	t.Helper()
	s, err := load.NewSpecInfo(openapi3.NewLoader(), load.NewFileSource(file))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// edited is main's spec with one edit to version 3's schema, as a pull request would make it.
func edited(t *testing.T, edit func(v3 *openapi3.Schema)) *load.SpecInfo {
	t.Helper()
	return rewritten(t, func(doc *openapi3.T) { edit(doc.Components.Schemas["CustomerV3"].Value) })
}

// rewritten is main's spec with any edit.
func rewritten(t *testing.T, edit func(doc *openapi3.T)) *load.SpecInfo {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("customers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edit(doc)
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := load.NewSpecInfoFromData(openapi3.NewLoader(), data, "edited.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func breaking(found []string) bool {
	return slices.ContainsFunc(found, func(c string) bool { return strings.HasPrefix(c, "error ") })
}

// ANCHOR: cases
func TestWhatOasdiffCallsBreaking(t *testing.T) {
	base := spec(t, "customers.yaml")
	for _, tc := range []struct {
		name     string
		revision *load.SpecInfo
		want     string // one finding the revision must produce
		breaking bool   // whether --fail-on ERR fails CI on it
	}{
		{"remove a required response field (pr-split-name.yaml)", spec(t, "pr-split-name.yaml"),
			"error response-required-property-removed", true},
		{"add an optional response field (pr-add-phone.yaml)", spec(t, "pr-add-phone.yaml"),
			"info response-optional-property-added", false},
		{"remove an optional response field", edited(t, func(v3 *openapi3.Schema) {
			delete(v3.Properties, "company")
		}), "info response-optional-property-removed", false},
		{"add a value to a response enum", edited(t, func(v3 *openapi3.Schema) {
			v3.Properties["status"].Value.Enum = append(v3.Properties["status"].Value.Enum, "closed")
		}), "error response-property-enum-value-added", true},
		{"make a response field optional", edited(t, func(v3 *openapi3.Schema) {
			v3.Required = slices.DeleteFunc(v3.Required, func(f string) bool { return f == "created_at" })
		}), "error response-property-became-optional", true},
	} {
		found := changes(t, base, tc.revision)
		if !slices.Contains(found, tc.want) || breaking(found) != tc.breaking {
			t.Errorf("%s: got %v, want %q among them and breaking=%v", tc.name, found, tc.want, tc.breaking)
		}
	}
}

// ANCHOR_END: cases

// Removing version 1's path, which customers.yaml marks deprecated: an error before its
// x-sunset date, nothing at all from that date on, and INFO when no date was given.
func TestRemovingADeprecatedVersion(t *testing.T) {
	const v1 = "/v1/customers/{id}"
	for _, tc := range []struct {
		sunset string // "" removes x-sunset, leaving deprecated: true
		want   string // the finding about the path, "" for none
	}{
		{"2999-12-31", "error api-path-removed-before-sunset"},
		{"2000-01-01", ""},
		{"", "info api-path-removed-with-deprecation"},
	} {
		sunset := func(doc *openapi3.T) {
			get := doc.Paths.Value(v1).Get
			if delete(get.Extensions, "x-sunset"); tc.sunset != "" {
				get.Extensions["x-sunset"] = tc.sunset
			}
		}
		base := rewritten(t, sunset)
		removed := rewritten(t, func(doc *openapi3.T) { sunset(doc); doc.Paths.Delete(v1) })
		var about []string
		for _, c := range changes(t, base, removed) {
			if strings.Contains(c, " api-path-") {
				about = append(about, c)
			}
		}
		if want := slices.DeleteFunc([]string{tc.want}, func(s string) bool { return s == "" }); !slices.Equal(about, want) {
			t.Errorf("x-sunset %q: got %q, want %q", tc.sunset, about, want)
		}
	}
}
