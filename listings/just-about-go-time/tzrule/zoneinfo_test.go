package tzrule_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The time package reads ZONEINFO once per process, so each case runs this
// test binary again with its own environment.
const childZone = "PLAYBOOK_CHILD_ZONE"

// TestZONEINFOIsSearchedBeforeTheSystemZones puts UTC's rules in a ZONEINFO
// folder under the name Asia/Tokyo: LoadLocation then finds them there before
// it looks in /usr/share/zoneinfo.
func TestZONEINFOIsSearchedBeforeTheSystemZones(t *testing.T) {
	if name := os.Getenv(childZone); name != "" {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		_, offset := time.Date(2026, 6, 1, 12, 0, 0, 0, loc).Zone()
		t.Logf("offset=%d", offset)
		return
	}
	utc, err := os.ReadFile("/usr/share/zoneinfo/UTC")
	if err != nil {
		t.Skipf("no system tzdata to copy from: %v", err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "Asia"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Asia", "Tokyo"), utc, 0o644); err != nil {
		t.Fatal(err)
	}
	offsetWith := func(zoneinfo string) string {
		cmd := exec.Command(os.Args[0], "-test.run=^TestZONEINFOIsSearchedBeforeTheSystemZones$", "-test.v")
		cmd.Env = append(os.Environ(), childZone+"=Asia/Tokyo", "ZONEINFO="+zoneinfo)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("child failed: %v\n%s", err, out)
		}
		for _, field := range strings.Fields(string(out)) {
			if strings.HasPrefix(field, "offset=") {
				return field
			}
		}
		t.Fatalf("child printed no offset:\n%s", out)
		return ""
	}
	if got := offsetWith(""); got != "offset=32400" {
		t.Errorf("without ZONEINFO, Asia/Tokyo: %s, want the system's offset=32400", got)
	}
	if got := offsetWith(dir); got != "offset=0" {
		t.Errorf("with ZONEINFO, Asia/Tokyo: %s, want the folder's UTC rules, offset=0", got)
	}
}
