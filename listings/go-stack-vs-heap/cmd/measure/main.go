// Command measure runs the post's measurements and prints them as the sections of the records
// of records.toml ("==> name <==" before each): the benchmarks of passing/ and stack/ in
// interleaved rounds, their benchstat comparisons, the small Return benchmarks built by the go
// command on PATH and by Go 1.27.0 side by side, and the CPU profiles of the benchmarks whose
// costs the post explains. make record MEASURE=1 runs it in full (minutes); make listings runs a
// short version whose figures are only good for the claims that hold on any run.
//
//	go run ./cmd/measure [-rounds 10] [-benchtime 200ms] [-profiletime 3s]
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The Go 1.27 toolchain whose size-specialised allocation the malloc comparison times.
const go127 = "go1.27.0"

// A suite is a set of benchmarks that every round runs with one test binary.
type suite struct {
	binary, bench string
}

var (
	passing = suite{"passing", "^BenchmarkBlob$"}
	descend = suite{"stack", "^BenchmarkDescend$"}
	// The Return benchmarks that allocate under 80 bytes and one size above, by both toolchains.
	smallReturns = `^BenchmarkBlob$/^op=Return$/^size=(8B|32B|64B|128B)$/`
	malloc126    = suite{"passing", smallReturns}
	malloc127    = suite{"passing-" + go127, smallReturns}
)

// A profile is one benchmark whose CPU profile the post reads, and the record it goes to.
type profile struct {
	record, binary, bench string
}

var profiles = []profile{
	{"profile_return_pointer_64b", "passing", "^BenchmarkBlob$/^op=Return$/^size=64B$/^kind=pointer$"},
	{"profile_return_pointer_8kib", "passing", "^BenchmarkBlob$/^op=Return$/^size=8KiB$/^kind=pointer$"},
	{"profile_pass_value_8kib", "passing", "^BenchmarkBlob$/^op=Pass$/^size=8KiB$/^kind=value$"},
	{"profile_descend_new_1000", "stack", "^BenchmarkDescend$/^depth=1000$/^goroutine=new$"},
}

func main() {
	rounds := flag.Int("rounds", 10, "how many times to run every benchmark, interleaved")
	benchtime := flag.String("benchtime", "200ms", "the -benchtime of each benchmark run")
	profiletime := flag.String("profiletime", "3s", "the -benchtime of each profiled benchmark")
	flag.Parse()
	log.SetFlags(0)

	work, err := os.MkdirTemp("", "measure-")
	check(err)
	defer os.RemoveAll(work)
	// The binaries stay in the user's cache folder between runs: the go command relinks one only
	// when its code or its toolchain changed.
	cache, err := os.UserCacheDir()
	check(err)
	bin := filepath.Join(cache, "playbook-go-stack-vs-heap")
	benchstatTool = filepath.Join(bin, "benchstat")
	run(nil, "go", "build", "-o", benchstatTool, "golang.org/x/perf/cmd/benchstat")
	binaries := map[string]string{
		"passing":          filepath.Join(bin, "passing.test"),
		"stack":            filepath.Join(bin, "stack.test"),
		"passing-" + go127: filepath.Join(bin, go127, "passing.test"),
	}
	run(nil, "go", "test", "-c", "-o", bin+"/", "./passing", "./stack")
	run([]string{"GOTOOLCHAIN=" + go127}, "go", "test", "-c", "-o", filepath.Join(bin, go127)+"/", "./passing")
	toolchain := strings.TrimSpace(run(nil, "go", "env", "GOVERSION"))

	// Every round runs every suite once, so that a slow spell of the shared machine hits all
	// of them alike; the raw results of each suite are kept in a file for benchstat.
	suites := []suite{passing, descend, malloc126, malloc127}
	raw := map[suite]*bytes.Buffer{}
	for round := 1; round <= *rounds; round++ {
		log.Printf("round %d of %d", round, *rounds)
		for _, s := range suites {
			results := run(nil, binaries[s.binary], "-test.run", "^$", "-test.bench", s.bench,
				"-test.benchtime", *benchtime, "-test.count", "1")
			if !strings.Contains(results, "\nBenchmark") {
				log.Fatalf("%s: expected benchmark results for %s, found:\n%s", s.binary, s.bench, results)
			}
			if raw[s] == nil {
				raw[s] = &bytes.Buffer{}
			}
			raw[s].WriteString(results)
		}
	}
	files := map[suite]string{}
	for i, s := range suites {
		files[s] = filepath.Join(work, fmt.Sprintf("suite%d.txt", i))
		check(os.WriteFile(files[s], raw[s].Bytes(), 0o644))
	}

	section("passing_raw", raw[passing].String())
	section("passing_benchstat", benchstat("-table", "/op", "-col", "/kind", "-row", "/size", files[passing]))
	section("descend_raw", raw[descend].String())
	section("descend_benchstat", benchstat("-col", "/goroutine", "-row", "/depth", files[descend]))
	section("malloc_benchstat", benchstat("-table", "/kind", "-row", "/size",
		toolchain+"="+files[malloc126], go127+"="+files[malloc127]))

	for _, p := range profiles {
		log.Printf("profiling %s %s", p.binary, p.bench)
		cpuProfile := filepath.Join(work, p.record+".pprof")
		results := run(nil, binaries[p.binary], "-test.run", "^$", "-test.bench", p.bench, "-test.benchtime", *profiletime,
			"-test.cpuprofile", cpuProfile)
		if !strings.Contains(results, "\nBenchmark") {
			log.Fatalf("%s: expected a benchmark result for %s, found:\n%s", p.binary, p.bench, results)
		}
		top := run(nil, "go", "tool", "pprof", "-top", "-cum", "-nodecount=40", binaries[p.binary], cpuProfile)
		section(p.record, withoutBuild(top))
	}
}

// section prints one record's text after the line that names it.
func section(record, text string) {
	fmt.Printf("==> %s <==\n%s", record, text)
	if !strings.HasSuffix(text, "\n") {
		fmt.Println()
	}
}

// benchstatTool is golang.org/x/perf/cmd/benchstat at the version go.mod pins, built once.
var benchstatTool string

// benchstat compares the time per operation of raw benchmark results.
func benchstat(args ...string) string {
	return run(nil, benchstatTool, append([]string{"-filter", ".unit:sec/op"}, args...)...)
}

// withoutBuild drops pprof's lines that name the test binary's file and build ID.
func withoutBuild(top string) string {
	var kept []string
	for _, line := range strings.SplitAfter(top, "\n") {
		if !strings.HasPrefix(line, "File: ") && !strings.HasPrefix(line, "Build ID: ") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}

// run runs a command with extra environment variables and returns its standard output.
func run(env []string, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		log.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
