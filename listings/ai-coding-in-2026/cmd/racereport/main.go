// Command racereport runs the shared hit-counter test against the plausible version under the
// race detector and prints each race report reduced to what stays the same from run to run: for
// each of the two accesses, the stack from the access down to the first frame outside the
// runtime, with file names and lines. Addresses, goroutine numbers, the goroutines' creation
// stacks and which access the detector saw first change between runs; they are left out.
//
// Run it from the module root. It exits with status 1 when the test does not fail with a race.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
)

const modulePath = "playbook.example/ai-coding-in-2026/"

var (
	accessLine = regexp.MustCompile(`^(?:Previous )?([Rr]ead|[Ww]rite) at 0x[0-9a-f]+ by goroutine \d+:$`)
	funcLine   = regexp.MustCompile(`^  (\S+)\(\)$`)
	sourceLine = regexp.MustCompile(`^      (\S+\.go:\d+)(?: \+0x[0-9a-f]+)?$`)
)

// access is one side of a race: read or write, and its frames, innermost first.
type access struct {
	kind   string
	frames []string
}

func main() {
	cmd := exec.Command("go", "test", "-race", "-tags", "plausible", "-count=1",
		"-run", "^TestSnapshotWhileCounting$", "./race/")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		fail("the plausible version passed under -race; it must not:\n%s", out.String())
	}
	root, wdErr := os.Getwd()
	if wdErr != nil {
		fail("%v", wdErr)
	}
	reports := parse(out.String(), root)
	if len(reports) == 0 {
		fail("go test failed (%v) without a race report:\n%s", err, out.String())
	}
	fmt.Printf("%d data race reports (%s)\n", len(reports), runtime.Version())
	for i, report := range reports {
		fmt.Printf("\nreport %d\n", i+1)
		for _, a := range report {
			fmt.Printf("  %s by\n", a.kind)
			for _, frame := range a.frames {
				fmt.Printf("    %s\n", frame)
			}
		}
	}
}

// parse returns every race report in out, each as its two accesses, reads first.
func parse(out, root string) [][]access {
	var reports [][]access
	for _, block := range strings.Split(out, "WARNING: DATA RACE\n")[1:] {
		block, _, _ = strings.Cut(block, "==================")
		var report []access
		var current *access
		fn := ""
		for line := range strings.SplitSeq(block, "\n") {
			switch m := accessLine.FindStringSubmatch(line); {
			case m != nil:
				report = append(report, access{kind: strings.ToLower(m[1])})
				current, fn = &report[len(report)-1], ""
			case line == "" || strings.HasPrefix(line, "Goroutine "):
				current = nil // the access's stack ends; creation stacks are not kept
			case current == nil:
			case funcLine.MatchString(line):
				fn = strings.TrimPrefix(funcLine.FindStringSubmatch(line)[1], modulePath)
			case sourceLine.MatchString(line) && fn != "":
				current.frames = append(current.frames, frame(fn, sourceLine.FindStringSubmatch(line)[1], root))
				if !strings.HasPrefix(fn, "runtime.") {
					current = nil // the first frame outside the runtime: the code that made the access
				}
				fn = ""
			}
		}
		slices.SortStableFunc(report, func(a, b access) int { return strings.Compare(a.kind, b.kind) })
		reports = append(reports, report)
	}
	return reports
}

// frame names a function and its source line: a path inside the module relative to its root,
// any other file by its base name (the toolchain's location differs between machines).
func frame(fn, location, root string) string {
	if rel, ok := strings.CutPrefix(location, root+string(filepath.Separator)); ok {
		location = rel
	} else {
		location = filepath.Base(location)
	}
	return fmt.Sprintf("%-32s %s", fn, location)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "racereport: "+format+"\n", args...)
	os.Exit(1)
}
