// Command benchruns runs the bench package's benchmarks several times, as separate `go test`
// runs rather than with -count, which repeats each benchmark back to back: this way the two
// layouts alternate, and a change in the machine's load hits both alike. Every other run passes
// -swap, so that each layout runs first in half of the runs. The one-minute load average is read
// before each run and after the last. It prints the output of every run after a few configuration
// lines that benchstat carries into its tables.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

func main() {
	log.SetFlags(0)
	runs := flag.Int("runs", 10, "number of `go test` runs")
	bench := flag.String("bench", ".", "which benchmarks, as for go test -bench")
	benchtime := flag.String("benchtime", "1s", "as for go test -benchtime")
	experiment := flag.String("experiment", "", "GOEXPERIMENT for the benchmarks (nogreenteagc: the collector Go 1.26 replaced)")
	flag.Parse()

	var out strings.Builder
	var loads []float64
	for run := range *runs {
		loads = append(loads, loadAverage())
		cmd := exec.Command("go", "test", "-run", "^$", "-bench", *bench, "-benchtime", *benchtime, "./bench/",
			"-args", fmt.Sprintf("-swap=%t", run%2 == 1))
		cmd.Env = append(os.Environ(), "GOEXPERIMENT="+*experiment)
		cmd.Stderr = os.Stderr
		result, err := cmd.Output()
		if err != nil {
			log.Fatalf("go test -bench %s: %v", *bench, err)
		}
		out.Write(result)
	}
	loads = append(loads, loadAverage())
	gc := cmp.Or(*experiment, "greentea")
	fmt.Printf("gc: %s\nload-samples: %s\nload-min: %.2f\nload-max: %.2f\n%s",
		gc, strings.Trim(fmt.Sprint(loads), "[]"), slices.Min(loads), slices.Max(loads), out.String())
}

// loadAverage is the one-minute load average.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		log.Fatal(err)
	}
	load, err := strconv.ParseFloat(strings.Fields(string(b))[0], 64)
	if err != nil {
		log.Fatal(err)
	}
	return load
}
