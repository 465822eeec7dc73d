// Package instant holds the one helper a service needs to treat time.Time
// values as plain instants: a canonical form that is safe as a map key and
// safe to compare with ==.
package instant

import "time"

// ANCHOR: canonical
// Canonical returns t as a bare instant: no monotonic reading (Round(0)
// strips it) and the UTC location, so two Canonical values are == exactly
// when they are the same instant. Use it for map keys and deduplication;
// keep the original value when you still need to measure elapsed time.
func Canonical(t time.Time) time.Time {
	return t.Round(0).UTC()
}

// ANCHOR_END: canonical
