//go:build !plausible

package invented

import (
	"strings"
	"testing"
	"time"
)

func TestExpired(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	lastSeen := map[string]time.Time{
		"s3": now.Add(-31 * 24 * time.Hour),
		"s1": now.Add(-30*24*time.Hour - time.Second),
		"s2": now.Add(-30 * 24 * time.Hour), // exactly the limit: not expired
		"s4": now.Add(-time.Hour),
	}
	got := strings.Join(Expired(lastSeen, now, 30*24*time.Hour), ",")
	if got != "s1,s3" {
		t.Errorf("Expired = %s, want s1,s3", got)
	}
}

func TestNames(t *testing.T) {
	got := strings.Join(Names(map[string]int{"carol": 3, "alice": 1, "bob": 2}), ",")
	if got != "alice,bob,carol" {
		t.Errorf("Names = %s, want alice,bob,carol", got)
	}
}
