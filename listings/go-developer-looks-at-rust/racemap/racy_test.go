//go:build racedemo

package racemap

import "testing"

// Run only by the record `race`: go test -race -tags racedemo ./racemap/.
func TestCountRacy(t *testing.T) {
	counts := CountRacy([][]string{{"go", "rust"}, {"go", "rust"}})
	if counts["go"] != 2 {
		t.Logf("lost an update: go = %d", counts["go"])
	}
}
