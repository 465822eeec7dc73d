// Command rounds runs one package's benchmarks in rounds: it compiles the test
// binary once, then runs it -rounds times, each run executing every matching
// benchmark once. Running the variants side by side in every round, rather
// than each variant -count times in a row, lets a change in the machine's load
// hit all of them alike. The one-minute load average is sampled before each
// round and after the last; the output is what benchstat reads, after a few
// lines of configuration.
//
//	go run ./cmd/rounds -bench Sum ./traversal
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("rounds: ")
	rounds := flag.Int("rounds", 10, "how many runs of the test binary")
	bench := flag.String("bench", ".", "which benchmarks, as for go test -bench")
	benchtime := flag.String("benchtime", "0.5s", "as for go test -benchtime")
	flag.Parse()
	if flag.NArg() != 1 || *rounds < 1 {
		log.Fatal("usage: rounds [-rounds N] [-bench regexp] [-benchtime d] ./package")
	}
	pkg := flag.Arg(0)

	work, err := os.MkdirTemp("", "rounds")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	binary := filepath.Join(work, "bench.test")
	build := exec.Command("go", "test", "-c", "-o", binary, pkg)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("go test -c %s: %v", pkg, err)
	}

	// ANCHOR: rounds
	var results bytes.Buffer
	var loads []float64
	header := map[string]bool{} // goos, goarch, pkg and cpu lines, printed once
	for range *rounds {
		loads = append(loads, loadAverage())
		run := exec.Command(binary, "-test.run", "^$", "-test.bench", *bench,
			"-test.benchtime", *benchtime, "-test.count", "1")
		run.Dir = pkg // benchmarks run in their package's folder, as under go test
		run.Stderr = os.Stderr
		out, err := run.Output()
		if err != nil {
			log.Fatalf("%s: %v", pkg, err)
		}
		lines := bufio.NewScanner(bytes.NewReader(out))
		for lines.Scan() {
			line := lines.Text()
			key, _, _ := strings.Cut(line, ":")
			switch {
			case strings.HasPrefix(line, "Benchmark"):
				fmt.Fprintln(&results, line)
			case slices.Contains([]string{"goos", "goarch", "pkg", "cpu"}, key) && !header[line]:
				header[line] = true
				fmt.Fprintln(&results, line)
			}
		}
	}
	loads = append(loads, loadAverage())
	// ANCHOR_END: rounds
	version, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("go: %s\nrounds: %d\nbenchtime: %s\nload-samples: %s\nload-min: %.2f\nload-max: %.2f\n%s",
		bytes.TrimSpace(version), *rounds, *benchtime, strings.Trim(fmt.Sprint(loads), "[]"),
		slices.Min(loads), slices.Max(loads), results.String())
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
