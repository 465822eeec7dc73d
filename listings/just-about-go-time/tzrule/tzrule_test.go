package tzrule_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the test must not depend on the machine's zoneinfo files

	"playbook.example/just-about-go-time/tzrule"
)

// The rule Mexico City followed from 2002 through 2022 (first Sunday of April
// to last Sunday of October, at 02:00) must reproduce the real tz database
// for every hour of 2022, the last year it applied.
func TestFromRuleMatchesTheDatabaseFor2022(t *testing.T) {
	real, err := time.LoadLocation("America/Mexico_City")
	if err != nil {
		t.Fatal(err)
	}
	replayed, err := tzrule.FromRule("Mexico_City_before_2022f", "CST6CDT,M4.1.0,M10.5.0", "CST", -6*60*60)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2022, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2023, time.January, 1, 0, 0, 0, 0, time.UTC)
	for at := start; at.Before(end); at = at.Add(time.Hour) {
		_, want := at.In(real).Zone()
		_, got := at.In(replayed).Zone()
		if got != want {
			t.Fatalf("at %s: replayed offset %d s, tz database %d s", at.Format(time.RFC3339), got, want)
		}
	}
}
