// Package wire is the boundary between a Go service and its mobile clients:
// how instants cross it as JSON text, and which of them the server trusts.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// ANCHOR: types
// CheckIn is what a mobile client sends: the device's own clock reading, with
// the offset the device was using, in RFC 3339.
type CheckIn struct {
	DeviceID string    `json:"device_id"`
	TakenAt  time.Time `json:"taken_at"` // device clock: a claim, not a fact
}

// Record is what the service stores: the client's claim, normalised, next to
// the server's own reading, which is the one used for ordering and expiry.
type Record struct {
	DeviceID   string
	TakenAt    time.Time // client claim, UTC, microseconds
	ReceivedAt time.Time // server clock, UTC, microseconds
	Skewed     bool      // the claim is further from ReceivedAt than MaxSkew
}

// ANCHOR_END: types

// MaxSkew is how far a device clock may disagree with the server's before the
// claim is flagged. Phones take their time from the network, but users can set
// it by hand and devices can stay offline for days before they sync.
const MaxSkew = 5 * time.Minute

// ANCHOR: accept
// Accept decodes a check-in and normalises it for storage. now is the server's
// clock, passed in so tests control it. Times are truncated to microseconds,
// the resolution of a PostgreSQL timestamptz, so that what the service holds
// in memory equals what it reads back from the database.
func Accept(body []byte, now time.Time) (Record, error) {
	var in CheckIn
	if err := json.Unmarshal(body, &in); err != nil {
		return Record{}, fmt.Errorf("check-in: %w", err)
	}
	if in.TakenAt.IsZero() {
		return Record{}, errors.New("check-in: taken_at is missing")
	}
	received := Normalise(now)
	taken := Normalise(in.TakenAt)
	skew := received.Sub(taken)
	return Record{
		DeviceID:   in.DeviceID,
		TakenAt:    taken,
		ReceivedAt: received,
		Skewed:     skew > MaxSkew || skew < -MaxSkew,
	}, nil
}

// Normalise strips the monotonic reading and the location and truncates to
// whole microseconds.
func Normalise(t time.Time) time.Time {
	return t.Round(0).UTC().Truncate(time.Microsecond)
}

// ANCHOR_END: accept

// ANCHOR: fixed
// SortableLayout always writes six fractional digits and "Z", so that byte
// order of the strings is time order. time.RFC3339Nano, which MarshalJSON
// uses, drops trailing zeros, and '.' sorts before 'Z'.
const SortableLayout = "2006-01-02T15:04:05.000000Z07:00"

// FormatSortable renders t in UTC with SortableLayout, for stores that compare
// time as text (JSON documents, object keys, log lines).
func FormatSortable(t time.Time) string {
	return t.UTC().Format(SortableLayout)
}

// ANCHOR_END: fixed
