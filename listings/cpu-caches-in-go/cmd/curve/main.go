// Command curve turns the output of the chase benchmark into a latency curve:
// for each working set, the innermost cache of this machine it fits in, the
// time per dependent load in random order (the fastest run, the one least
// disturbed by other jobs, and the median) and in sequential order (the
// median), and a bar.
//
//	go run ./cmd/rounds -bench Chase ./chase > chase.txt
//	go run ./cmd/curve chase.txt
package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/perf/benchfmt"

	"playbook.example/cpu-caches-in-go/cacheinfo"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: curve chase.txt (the output of the chase benchmark)")
		os.Exit(2)
	}
	err := curve(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func curve(name string) error {
	caches, err := cacheinfo.Read(os.DirFS("/sys/devices/system/cpu"), 0)
	if err != nil {
		return err
	}
	input, err := os.Open(name)
	if err != nil {
		return err
	}
	defer input.Close()
	return run(os.Stdout, input, name, caches)
}

const unit = "cpu-ns/access"

// point is one working set: its samples per order.
type point struct {
	size    int64
	samples map[string][]float64
}

func run(w io.Writer, input io.Reader, inputName string, caches []cacheinfo.Cache) error {
	points, runs, err := read(input, inputName)
	if err != nil {
		return err
	}
	best := math.Inf(1)
	for _, p := range points {
		best = min(best, slices.Min(p.samples["random"]))
	}
	fmt.Fprintf(w, "pointer chase, %s over %d runs; \"fits in\" from this machine's sysfs (cpu0)\n", unit, runs)
	fmt.Fprintf(w, "bar: one # per doubling of the fastest random-order time over the fastest working set\n")
	table := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "working set\tfits in\trandom, fastest\trandom, median\tsequential, median\tlog scale")
	for _, p := range points {
		fastest := slices.Min(p.samples["random"])
		bar := "#" + strings.Repeat("#", int(math.Round(math.Log2(fastest/best))))
		fmt.Fprintf(table, "%s\t%s\t%s\t%s\t%s\t%s\n", cacheinfo.FormatBytes(p.size), cacheinfo.Fits(caches, p.size),
			format(fastest), format(median(p.samples["random"])), format(median(p.samples["sequential"])), bar)
	}
	return table.Flush()
}

// read collects the samples of every BenchmarkChase/size=…/order=… result.
func read(input io.Reader, inputName string) ([]point, int, error) {
	bySize := map[int64]*point{}
	runs := 0
	reader := benchfmt.NewReader(input, inputName)
	for reader.Scan() {
		switch record := reader.Result().(type) {
		case *benchfmt.SyntaxError:
			return nil, 0, record
		case *benchfmt.Result:
			size, order, err := parseName(record.Name)
			if err != nil {
				file, line := record.Pos()
				return nil, 0, fmt.Errorf("%s:%d: %w", file, line, err)
			}
			value, ok := nanoseconds(record)
			if !ok {
				file, line := record.Pos()
				return nil, 0, fmt.Errorf("%s:%d: expected a %s value, found none in %q", file, line, unit, record.Name)
			}
			p := bySize[size]
			if p == nil {
				p = &point{size: size, samples: map[string][]float64{}}
				bySize[size] = p
			}
			p.samples[order] = append(p.samples[order], value)
			runs = max(runs, len(p.samples[order]))
		}
	}
	if err := reader.Err(); err != nil {
		return nil, 0, err
	}
	if len(bySize) == 0 {
		return nil, 0, fmt.Errorf("%s: expected BenchmarkChase results, found none", inputName)
	}
	points := make([]point, 0, len(bySize))
	for _, p := range bySize {
		for _, order := range []string{"random", "sequential"} {
			if len(p.samples[order]) == 0 {
				return nil, 0, fmt.Errorf("%s: working set %s has no %s-order result", inputName, cacheinfo.FormatBytes(p.size), order)
			}
		}
		points = append(points, *p)
	}
	slices.SortFunc(points, func(a, b point) int { return int(a.size - b.size) })
	return points, runs, nil
}

// nanoseconds is the result's ns/access value as written: the reader has
// converted it to sec/access and kept the original next to it.
func nanoseconds(r *benchfmt.Result) (float64, bool) {
	for _, v := range r.Values {
		if v.OrigUnit == unit {
			return v.OrigValue, true
		}
		if v.Unit == unit {
			return v.Value, true
		}
	}
	return 0, false
}

// parseName reads "Chase/size=16KiB/order=random-2".
func parseName(name benchfmt.Name) (int64, string, error) {
	base, parts := name.Parts()
	config := map[string]string{}
	for _, part := range parts {
		key, value, ok := bytes.Cut(bytes.TrimPrefix(part, []byte("/")), []byte("="))
		if ok {
			config[string(key)] = string(value)
		}
	}
	order := config["order"]
	if string(base) != "Chase" || (order != "random" && order != "sequential") {
		return 0, "", fmt.Errorf("expected Chase/size=<size>/order=random|sequential, found %q", name)
	}
	size, err := cacheinfo.ParseBytes(config["size"])
	if err != nil {
		return 0, "", fmt.Errorf("%q: size: %w", name, err)
	}
	return size, order, nil
}

func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	middle := len(sorted) / 2
	if len(sorted)%2 == 1 {
		return sorted[middle]
	}
	return (sorted[middle-1] + sorted[middle]) / 2
}

// format keeps three significant digits, as benchstat does.
func format(ns float64) string {
	switch {
	case ns >= 100:
		return fmt.Sprintf("%.0f", ns)
	case ns >= 10:
		return fmt.Sprintf("%.1f", ns)
	}
	return fmt.Sprintf("%.2f", ns)
}
