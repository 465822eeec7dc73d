package hedge_test

import (
	"context"
	"fmt"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"playbook.example/go-concurrency-patterns/hedge"
)

// ANCHOR: leakprofile
// TestLeakProfileFindsTheLeak asks the runtime which goroutines can never
// wake up. The goroutineleak profile is general availability in Go 1.27;
// Go 1.26 has it only in a toolchain built with
// GOEXPERIMENT=goroutineleakprofile.
func TestLeakProfileFindsTheLeak(t *testing.T) {
	profile := pprof.Lookup("goroutineleak")
	if profile == nil {
		t.Skip("no goroutineleak profile: needs Go 1.27, or GOEXPERIMENT=goroutineleakprofile on Go 1.26")
	}
	leaked := func() int { // the profile's header line: "goroutineleak profile: total N"
		var report strings.Builder
		if err := profile.WriteTo(&report, 1); err != nil {
			t.Fatal(err)
		}
		var n int
		if _, err := fmt.Sscanf(report.String(), "goroutineleak profile: total %d", &n); err != nil {
			t.Fatalf("unexpected profile header: %v", err)
		}
		return n
	}
	before := leaked()

	instant := func(ctx context.Context, query string) (string, error) { return "ok", nil }
	if answer, err := hedge.First(t.Context(), "q", instant, instant, instant); answer != "ok" || err != nil {
		t.Fatalf("First = %q, %v", answer, err)
	}
	if answer, err := hedge.FirstLeaky(t.Context(), "q", instant, instant, instant); answer != "ok" || err != nil {
		t.Fatalf("FirstLeaky = %q, %v", answer, err)
	}

	// The two losers block on their send shortly after FirstLeaky returns:
	// poll for them, and make sure First adds none of its own.
	deadline := time.Now().Add(10 * time.Second)
	for leaked() < before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := leaked() - before; got != 2 {
		t.Fatalf("%d new leaked goroutines, want FirstLeaky's 2 losers and none from First", got)
	}
}

// ANCHOR_END: leakprofile
