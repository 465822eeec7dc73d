//go:build !plausible

// Package invented holds two small functions in two versions: the one in this file, and a
// plausible one (sessions_plausible.go, built only with -tags plausible) that calls an API the
// standard library does not have. The record invented_api (records.toml) builds the plausible
// one and checks what the compiler says about it.
package invented

import (
	"maps"
	"slices"
	"time"
)

// ANCHOR: fixed
// Expired returns the IDs of the sessions idle for longer than maxIdle at now, sorted.
func Expired(lastSeen map[string]time.Time, now time.Time, maxIdle time.Duration) []string {
	var ids []string
	for id, seen := range lastSeen {
		if now.Sub(seen) > maxIdle {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// Names returns the keys of byName, sorted.
func Names[V any](byName map[string]V) []string {
	return slices.Sorted(maps.Keys(byName))
}

// ANCHOR_END: fixed
