// Package gctrace parses the lines GODEBUG=gctrace=1 prints, in the format
// of Go 1.26 (runtime/extern.go documents it; runtime/mgc.go prints it).
package gctrace

import (
	"fmt"
	"regexp"
	"strconv"
)

// Cycle is one gctrace line. Sizes are in MiB, rounded down, as printed.
type Cycle struct {
	N          int     // GC number
	AtSeconds  float64 // start, in seconds since the program started
	CPUPercent int     // GC CPU share since the program started, idle marking excluded

	// Wall-clock milliseconds of the three phases.
	SweepTermMs, MarkMs, MarkTermMs float64
	// CPU milliseconds: the two pauses (times the Ps stopped), and the
	// concurrent mark split into assists, background workers and idle workers.
	SweepTermCPUMs, AssistMs, BackgroundMs, IdleMs, MarkTermCPUMs float64

	StartMiB, EndMiB, LiveMiB int // heap when the cycle started, when marking ended, marked live
	GoalMiB                   int // the goal this cycle aimed at
	StacksMiB, GlobalsMiB     int // roots scanned
	Procs                     int // GOMAXPROCS
	Forced                    bool
}

// ANCHOR: pattern
var line = regexp.MustCompile(`^gc (\d+) @([\d.]+)s (\d+)%: ` +
	`([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, ` +
	`([\d.]+)\+([\d.]+)/([\d.]+)/([\d.]+)\+([\d.]+) ms cpu, ` +
	`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (\d+) MB stacks, (\d+) MB globals, (\d+) P( \(forced\))?$`)

// ANCHOR_END: pattern

// Parse reads one line. A line in another format is an error that quotes it.
func Parse(text string) (Cycle, error) {
	m := line.FindStringSubmatch(text)
	if m == nil {
		return Cycle{}, fmt.Errorf("not a Go 1.26 gctrace line: %q", text)
	}
	f := func(i int) float64 { v, _ := strconv.ParseFloat(m[i], 64); return v }
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	return Cycle{
		N: n(1), AtSeconds: f(2), CPUPercent: n(3),
		SweepTermMs: f(4), MarkMs: f(5), MarkTermMs: f(6),
		SweepTermCPUMs: f(7), AssistMs: f(8), BackgroundMs: f(9), IdleMs: f(10), MarkTermCPUMs: f(11),
		StartMiB: n(12), EndMiB: n(13), LiveMiB: n(14), GoalMiB: n(15),
		StacksMiB: n(16), GlobalsMiB: n(17), Procs: n(18), Forced: m[19] != "",
	}, nil
}
