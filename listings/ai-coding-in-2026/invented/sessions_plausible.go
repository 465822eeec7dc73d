//go:build plausible

package invented

import (
	"maps"
	"sort"
	"time"
)

// ANCHOR: plausible
// Expired returns the IDs of the sessions idle for more than maxIdleDays days, sorted.
func Expired(lastSeen map[string]time.Time, now time.Time, maxIdleDays int) []string {
	var ids []string
	for id, seen := range lastSeen {
		if now.Sub(seen).Days() > float64(maxIdleDays) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Names returns the keys of byName, sorted.
func Names[V any](byName map[string]V) []string {
	names := maps.Keys(byName)
	sort.Strings(names)
	return names
}

// ANCHOR_END: plausible
