// Package civil turns a wall-clock time that a person chose ("9:00 on
// 10 April in Mexico City") into an instant, as late as possible and with an
// explicit rule for the local times that daylight saving time skips or repeats.
package civil

import (
	"fmt"
	"slices"
	"time"
)

// Wall is a date and time of day as a person reads it off a clock, with no
// zone: the thing a user types when booking an appointment.
type Wall struct {
	Year   int
	Month  time.Month
	Day    int
	Hour   int
	Minute int
}

// Event is a future local event: the wall time and the IANA zone name are the
// source of truth; the instant is derived from them when it is needed.
type Event struct {
	Start Wall
	Zone  string // IANA name, e.g. "America/Mexico_City"; never an offset
}

// Kind says how a wall time maps onto the time line in its zone.
type Kind int

const (
	Exact    Kind = iota // the wall time happens exactly once
	Skipped              // clocks jumped over it (spring forward)
	Repeated             // clocks showed it twice (fall back)
)

func (k Kind) String() string {
	switch k {
	case Exact:
		return "exact"
	case Skipped:
		return "skipped"
	case Repeated:
		return "repeated"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func (w Wall) String() string {
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d", w.Year, int(w.Month), w.Day, w.Hour, w.Minute)
}

// ANCHOR: resolve
// Resolve returns the instant at which the wall time w happens in loc, using
// the rule of RFC 5545 (iCalendar) section 3.3.5: a skipped time is read with
// the UTC offset in force before the gap, so it lands after the jump; a
// repeated time means its first occurrence. time.Date leaves both cases
// unspecified, which is why this function does not rely on it.
func Resolve(w Wall, loc *time.Location) (time.Time, Kind) {
	// The wall time's fields read as if they were UTC; subtracting a zone's
	// offset from this gives the instant at which loc shows those fields.
	asUTC := time.Date(w.Year, w.Month, w.Day, w.Hour, w.Minute, 0, 0, time.UTC)

	// Every offset loc can have near this wall time: the ones in force a day
	// and a half either side cover any single transition.
	before := offsetAt(asUTC.Add(-36*time.Hour), loc)
	after := offsetAt(asUTC.Add(36*time.Hour), loc)

	var matches []time.Time
	for _, offset := range []int{before, after} {
		candidate := asUTC.Add(-time.Duration(offset) * time.Second)
		if wallOf(candidate.In(loc)) == w && !slices.ContainsFunc(matches, candidate.Equal) {
			matches = append(matches, candidate)
		}
	}
	switch len(matches) {
	case 0:
		return asUTC.Add(-time.Duration(before) * time.Second).In(loc), Skipped
	case 1:
		return matches[0].In(loc), Exact
	default:
		return slices.MinFunc(matches, time.Time.Compare).In(loc), Repeated
	}
}

// ANCHOR_END: resolve

// ANCHOR: instant
// Instant loads the event's zone and resolves its start. Call it when the
// instant is needed (to send a reminder, to render a calendar), not once at
// booking time: the zone's rules in force on that day are the ones that count.
func (e Event) Instant() (time.Time, Kind, error) {
	loc, err := time.LoadLocation(e.Zone)
	if err != nil {
		return time.Time{}, Exact, fmt.Errorf("event zone %q: %w", e.Zone, err)
	}
	t, kind := Resolve(e.Start, loc)
	return t, kind, nil
}

// ANCHOR_END: instant

func offsetAt(t time.Time, loc *time.Location) int {
	_, offset := t.In(loc).Zone()
	return offset
}

func wallOf(t time.Time) Wall {
	return Wall{t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute()}
}
