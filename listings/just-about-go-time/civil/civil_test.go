package civil_test

import (
	"testing"
	"time"

	"playbook.example/just-about-go-time/civil"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		wall     civil.Wall
		wantKind civil.Kind
		wantUTC  string // the instant, RFC 3339 in UTC
	}{
		{"ordinary", "Europe/Berlin", civil.Wall{2026, time.May, 12, 9, 30}, civil.Exact, "2026-05-12T07:30:00Z"},
		// Berlin springs forward at 02:00 CET to 03:00 CEST on 29 March 2026:
		// 02:30 is read with the CET offset (+01:00), which is 03:30 CEST.
		{"gap", "Europe/Berlin", civil.Wall{2026, time.March, 29, 2, 30}, civil.Skipped, "2026-03-29T01:30:00Z"},
		// Berlin falls back at 03:00 CEST to 02:00 CET on 25 October 2026:
		// 02:30 happens twice; the first time is 02:30 CEST (+02:00).
		{"overlap", "Europe/Berlin", civil.Wall{2026, time.October, 25, 2, 30}, civil.Repeated, "2026-10-25T00:30:00Z"},
		// Lord Howe Island moves its clocks by 30 minutes: 02:00 becomes 02:30
		// on 4 October 2026, so 02:15 does not happen; before the gap the
		// offset is +10:30.
		{"half-hour gap", "Australia/Lord_Howe", civil.Wall{2026, time.October, 4, 2, 15}, civil.Skipped, "2026-10-03T15:45:00Z"},
		// Samoa skipped Friday 30 December 2011 entirely, moving from -10:00
		// to +14:00; noon that day is read with the -10:00 offset.
		{"skipped day", "Pacific/Apia", civil.Wall{2011, time.December, 30, 12, 0}, civil.Skipped, "2011-12-30T22:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			got, kind := civil.Resolve(tt.wall, loc)
			if kind != tt.wantKind {
				t.Errorf("kind = %v, want %v", kind, tt.wantKind)
			}
			if utc := got.UTC().Format(time.RFC3339); utc != tt.wantUTC {
				t.Errorf("instant = %s, want %s", utc, tt.wantUTC)
			}
			if got.Location() != loc {
				t.Errorf("location = %v, want %v", got.Location(), loc)
			}
		})
	}
}

// Every wall time in a year resolves to an instant that, read back in the
// zone, shows the same wall time unless the time was skipped.
func TestResolveRoundTripsEveryQuarterHourOf2026(t *testing.T) {
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[civil.Kind]int{}
		day := time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
		for step := day; step.Year() == 2026; step = step.Add(15 * time.Minute) {
			wall := civil.Wall{step.Year(), step.Month(), step.Day(), step.Hour(), step.Minute()}
			got, kind := civil.Resolve(wall, loc)
			counts[kind]++
			back := civil.Wall{got.Year(), got.Month(), got.Day(), got.Hour(), got.Minute()}
			if kind != civil.Skipped && back != wall {
				t.Fatalf("%s %s: resolved to %s, which reads back as %s", zone, wall, got, back)
			}
			if kind == civil.Skipped && back == wall {
				t.Fatalf("%s %s: reported skipped but exists at %s", zone, wall, got)
			}
		}
		t.Logf("%s: %v", zone, counts)
		if zone == "Asia/Kolkata" && (counts[civil.Skipped] != 0 || counts[civil.Repeated] != 0) {
			t.Errorf("Asia/Kolkata has no DST in 2026, got %v", counts)
		}
		if zone != "Asia/Kolkata" && (counts[civil.Skipped] == 0 || counts[civil.Skipped] != counts[civil.Repeated]) {
			t.Errorf("%s: expected as many skipped as repeated quarter hours, got %v", zone, counts)
		}
	}
}

func TestEventInstantRejectsAnUnknownZone(t *testing.T) {
	_, _, err := civil.Event{Start: civil.Wall{2026, time.May, 12, 9, 30}, Zone: "Mars/Olympus_Mons"}.Instant()
	if err == nil {
		t.Fatal("Instant accepted a zone that is not in the tz database")
	}
}
