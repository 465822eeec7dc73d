package gctrace

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"playbook.example/go-gc-deep-dive/pacer"
)

// The claims the post makes about its recorded traces (records/gctrace.txt and
// records/gctrace_limit.txt, written by the records runner) that need every line, and the same
// checks on a fresh, shorter trace: records.toml's figures cover single lines only.

const limitMiB = 128

// recordedTrace reads a record of the post folder (the module's root).
func recordedTrace(t *testing.T, name string) string {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "records", name))
	if err != nil {
		t.Fatalf("record %s: %v (record it with `make record MEASURE=1 ONLY=go-gc-deep-dive/%s`)",
			name, err, strings.TrimSuffix(name, ".txt"))
	}
	return string(text)
}

// freshTrace builds cmd/gcload apart from this test (so without -race), runs it with tracing
// on, and returns what it printed on both streams. Only the program gets GODEBUG: the go
// command is a Go program too and would trace its own collections.
func freshTrace(t *testing.T, env []string, args ...string) string {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "gcload")
	build := exec.Command("go", "build", "-o", binary, "./cmd/gcload")
	build.Dir = ".."
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/gcload: %v\n%s", err, out)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), append([]string{"GODEBUG=gctrace=1"}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gcload %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// cycles parses every gctrace line of a text; other lines are skipped.
func cycles(t *testing.T, source, text string) []Cycle {
	t.Helper()
	var out []Cycle
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "gc ") {
			continue
		}
		c, err := Parse(line)
		if err != nil {
			t.Fatalf("%s: %v", source, err)
		}
		out = append(out, c)
	}
	if len(out) < 5 {
		t.Fatalf("%s: %d gctrace lines, want at least 5", source, len(out))
	}
	return out
}

// goalBounds is the range the printed goal of a cycle can take, given the previous line and
// GOGC: the trace rounds each size down to whole MiB, so each input may be up to 1 MiB larger.
func goalBounds(prev Cycle, gogc int) (lo, hi int) {
	mib := func(n int) uint64 { return uint64(n) << 20 }
	low := pacer.Goal(mib(prev.LiveMiB), mib(prev.StacksMiB), mib(prev.GlobalsMiB), gogc)
	high := pacer.Goal(mib(prev.LiveMiB+1), mib(prev.StacksMiB+1), mib(prev.GlobalsMiB+1), gogc)
	return int(low >> 20), int(high >> 20)
}

// With GOGC=100 and no memory limit, every goal is the pacer's formula applied to the line
// before it, and the first is the 4 MiB floor.
func checkGoalsFollowTheFormula(t *testing.T, source string, trace []Cycle) {
	if trace[0].GoalMiB != pacer.HeapMinimum>>20 {
		t.Errorf("%s: gc 1 goal %d MB, want the %d MiB floor", source, trace[0].GoalMiB, pacer.HeapMinimum>>20)
	}
	for i := 1; i < len(trace); i++ {
		lo, hi := goalBounds(trace[i-1], 100)
		if g := trace[i].GoalMiB; g < lo || g > hi {
			t.Errorf("%s: gc %d: goal %d MB, the formula on gc %d's figures gives %d..%d", source, trace[i].N, g, trace[i-1].N, lo, hi)
		}
	}
}

// Under the limit, no goal is above what GOGC=100 would give, or above the limit.
func checkLimitCapsTheGoal(t *testing.T, source string, trace []Cycle) (capped int) {
	for i := 1; i < len(trace); i++ {
		lo, hi := goalBounds(trace[i-1], 100)
		g := trace[i].GoalMiB
		if g > hi || g >= limitMiB {
			t.Errorf("%s: gc %d: goal %d MB above the GOGC bound %d or the %d MiB limit", source, trace[i].N, g, hi, limitMiB)
		}
		if g < lo {
			capped++
		}
	}
	return capped
}

func TestRecordedTrace(t *testing.T) {
	trace := cycles(t, "gctrace.txt", recordedTrace(t, "gctrace.txt"))
	checkGoalsFollowTheFormula(t, "gctrace.txt", trace)

	// Two forced cycles: gcload's runtime.GC() before serving and after.
	var forced []int
	for i, c := range trace {
		if c.Forced {
			forced = append(forced, i)
		}
	}
	if len(forced) != 2 || forced[1] != len(trace)-1 {
		t.Fatalf("forced cycles at lines %v of %d, want two, the last one last", forced, len(trace))
	}
	// While the cache is built, everything allocated stays live, and some cycle ends its mark
	// above its goal.
	overshot := false
	for _, c := range trace[:forced[0]] {
		overshot = overshot || c.EndMiB > c.GoalMiB
	}
	if !overshot {
		t.Error("no cycle before the first forced one ended above its goal; the post says the warm-up overshoots")
	}
	// Serving, every cycle triggers at the floor of the trigger, about 70% of the way from the
	// live heap to the goal (45/64; the trace's rounding to MiB moves the ratio by a few points).
	for i := forced[0] + 1; i < forced[1]; i++ {
		prev, c := trace[i-1], trace[i]
		ratio := float64(c.StartMiB-prev.LiveMiB) / float64(c.GoalMiB-prev.LiveMiB)
		if ratio < 0.62 || ratio > 0.78 {
			t.Errorf("gc %d triggered %.2f of the way from the live heap to the goal, the post says about 0.70", c.N, ratio)
		}
	}
}

func TestRecordedLimitTrace(t *testing.T) {
	trace := cycles(t, "gctrace_limit.txt", recordedTrace(t, "gctrace_limit.txt"))
	if capped := checkLimitCapsTheGoal(t, "gctrace_limit.txt", trace); capped < len(trace)/2 {
		t.Errorf("the limit set the goal in %d of %d cycles, want most of them", capped, len(trace)-1)
	}
}

func TestFreshTraces(t *testing.T) {
	checkGoalsFollowTheFormula(t, "fresh trace", cycles(t, "fresh trace",
		freshTrace(t, []string{"GOGC=100"}, "-live", "64", "-requests", "4000")))
	checkLimitCapsTheGoal(t, "fresh limited trace", cycles(t, "fresh limited trace",
		freshTrace(t, []string{"GOGC=100", "GOMEMLIMIT=128MiB"}, "-live", "100", "-requests", "2000")))
}
