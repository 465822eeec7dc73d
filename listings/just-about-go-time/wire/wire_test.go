package wire_test

import (
	"strings"
	"testing"
	"time"

	"playbook.example/just-about-go-time/wire"
)

func TestAcceptSkewBoundaries(t *testing.T) {
	now := time.Date(2026, time.May, 12, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		takenAt string
		skewed  bool
	}{
		{"2026-05-12T12:05:00Z", false},    // exactly MaxSkew ahead
		{"2026-05-12T12:05:00.001Z", true}, // just beyond it
		{"2026-05-12T11:55:00Z", false},    // exactly MaxSkew behind
		{"2026-05-12T07:54:59-04:00", true},
	} {
		rec, err := wire.Accept([]byte(`{"device_id":"d","taken_at":"`+tt.takenAt+`"}`), now)
		if err != nil {
			t.Fatalf("%s: %v", tt.takenAt, err)
		}
		if rec.Skewed != tt.skewed {
			t.Errorf("%s: skewed = %v, want %v", tt.takenAt, rec.Skewed, tt.skewed)
		}
	}
}

func TestAcceptNormalises(t *testing.T) {
	now := time.Now() // carries a monotonic reading and the Local zone
	rec, err := wire.Accept([]byte(`{"device_id":"d","taken_at":"2026-05-12T09:30:00.999999999+02:00"}`), now)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range map[string]time.Time{"TakenAt": rec.TakenAt, "ReceivedAt": rec.ReceivedAt} {
		if v.Location() != time.UTC {
			t.Errorf("%s location = %v, want UTC", name, v.Location())
		}
		if v.Nanosecond()%1000 != 0 {
			t.Errorf("%s has sub-microsecond digits: %d ns", name, v.Nanosecond())
		}
		if strings.Contains(v.String(), "m=") {
			t.Errorf("%s still carries a monotonic reading: %s", name, v)
		}
	}
	// Truncation, not rounding: .999999999 must not carry into the next second.
	if want := time.Date(2026, time.May, 12, 7, 30, 0, 999_999_000, time.UTC); rec.TakenAt != want {
		t.Errorf("TakenAt = %s, want %s", rec.TakenAt, want)
	}
}

func TestAcceptRejects(t *testing.T) {
	now := time.Date(2026, time.May, 12, 12, 0, 0, 0, time.UTC)
	for _, body := range []string{
		`{"device_id":"d"}`,
		`{"device_id":"d","taken_at":"2026-05-12 12:00:00Z"}`,
		`{"device_id":"d","taken_at":1778587200}`,
		`{"device_id":"d","taken_at":"2016-12-31T23:59:60Z"}`, // a real leap second; Go has no 60th second
	} {
		if _, err := wire.Accept([]byte(body), now); err == nil {
			t.Errorf("Accept(%s) succeeded, want an error", body)
		}
	}
}

func TestFormatSortableOrderMatchesTimeOrder(t *testing.T) {
	base := time.Date(2026, time.May, 12, 7, 30, 0, 0, time.FixedZone("", 2*60*60))
	var prev string
	for _, step := range []time.Duration{0, time.Microsecond, 500 * time.Millisecond, time.Second, 90 * time.Minute} {
		s := wire.FormatSortable(base.Add(step))
		if len(s) != len("2026-05-12T05:30:00.000000Z") {
			t.Errorf("%q is not fixed width", s)
		}
		if s <= prev {
			t.Errorf("%q sorts before %q", s, prev)
		}
		prev = s
	}
}
