// Command measure runs the post's measurements and prints them as the sections of the records of
// records.toml ("==> name <==" before each):
//
//   - the prices service (cmd/pricesd) in versions v0, v1 and v2, each under load from this
//     program in three interleaved rounds, with a CPU and an allocation profile taken from its
//     debug listener meanwhile;
//   - the benchmarks of prices, jsoncost (built by Go 1.26 with and without GOEXPERIMENT=jsonv2,
//     and by Go 1.27), httpclient, scratch and dbtrips in interleaved rounds, and their benchstat
//     comparisons, and a CPU profile of the scratch benchmark that allocates;
//   - the v2 handler built with the service's CPU profile (PGO) and without, in the same rounds;
//   - a pgx pool of 1 to 32 connections under the same 32 goroutines, on PostgreSQL, in three
//     rounds.
//
// make record MEASURE=1 runs it in full (a few minutes); make listings runs a short version
// whose figures are only good for the claims that hold on any run, without the PGO builds (they
// recompile the standard library with each new profile, which alone takes a minute).
//
//	go run ./cmd/measure [-rounds 15] [-benchtime 200ms] [-load 10s] [-pool 1s] [-pgo=true]
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"playbook.example/making-go-services-fast/dbtrips"
	"playbook.example/making-go-services-fast/load"
	"playbook.example/making-go-services-fast/prices"
)

func main() {
	rounds := flag.Int("rounds", 15, "how many times to run every benchmark, interleaved")
	benchtime := flag.String("benchtime", "200ms", "the -benchtime of each benchmark run")
	loadTime := flag.Duration("load", 10*time.Second, "how long each version of the service is loaded and profiled")
	poolTime := flag.Duration("pool", time.Second, "how long each pool size is driven in each round")
	withPGO := flag.Bool("pgo", true, "build and measure the handler with the service's profile")
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	work, err := os.MkdirTemp("", "measure-")
	check(err)
	defer os.RemoveAll(work)
	// The binaries stay in the user's cache folder between runs: the go command relinks one only
	// when its code or its toolchain changed.
	cache, err := os.UserCacheDir()
	check(err)
	bin := filepath.Join(cache, "playbook-making-go-services-fast")
	benchstatTool = filepath.Join(bin, "benchstat")
	run(nil, "go", "build", "-o", benchstatTool, "golang.org/x/perf/cmd/benchstat")
	run(nil, "go", "build", "-pgo=off", "-o", bin+"/", "./cmd/pricesd")
	run(nil, "go", "test", "-c", "-pgo=off", "-o", bin+"/", "./prices", "./jsoncost", "./httpclient", "./scratch", "./dbtrips")
	run([]string{"GOEXPERIMENT=jsonv2"}, "go", "test", "-c", "-o", filepath.Join(bin, "jsonv2")+"/", "./jsoncost")
	// Go 1.27's vet rejects the v2 calls in a module that declares go 1.26.0; the compiler does not.
	run([]string{"GOTOOLCHAIN=" + go127}, "go", "test", "-c", "-vet=off", "-o", filepath.Join(bin, go127)+"/", "./jsoncost")
	toolchain := strings.TrimSpace(run(nil, "go", "env", "GOVERSION"))

	// 1. Each version of the service under load, profiled from its debug listener, in rounds:
	// each round loads every version once, in an order that rotates from round to round, so that
	// a busy spell of the shared machine hits all of them alike.
	variants := []string{"v0", "v1", "v2"}
	loadRounds := min(*rounds, 3)
	perSecond := map[string][]float64{}
	cpus, allocs := map[string][]string{}, map[string][]string{}
	for round := range loadRounds {
		for i := range variants {
			variant := variants[(i+round)%len(variants)]
			log.Printf("load round %d of %d: loading and profiling %s for %v", round+1, loadRounds, variant, *loadTime)
			prefix := filepath.Join(work, fmt.Sprintf("%s.%d", variant, round))
			answers, cpu, alloc := profileUnderLoad(ctx, filepath.Join(bin, "pricesd"), variant, *loadTime, prefix)
			perSecond[variant] = append(perSecond[variant], float64(answers)/loadTime.Seconds())
			cpus[variant] = append(cpus[variant], cpu)
			allocs[variant] = append(allocs[variant], alloc)
		}
	}
	for _, variant := range variants {
		// pprof adds up the profiles of every round.
		section("profile_"+variant+"_cpu", pprofTop(cpus[variant], "-cum"))
		section("profile_"+variant+"_allocs", pprofTop(allocs[variant], "-sample_index=alloc_space"))
	}
	section("service_load", loadRates(variants, perSecond, *loadTime))
	servicePGO := filepath.Join(work, "service.pgo")
	run(nil, "go", append([]string{"tool", "pprof", "-proto", "-output", servicePGO}, cpus["v2"]...)...)

	// 2. The v2 handler built with the profile of the service it runs in (PGO).
	if *withPGO {
		run(nil, "go", "test", "-c", "-pgo="+servicePGO, "-o", filepath.Join(bin, "pgo")+"/", "./prices")
		section("pgo_build", pgoBuild(work, servicePGO))
	} else {
		section("pgo_build", "not built in this run (-pgo=false)\n")
	}

	// 3. Every benchmark, in rounds: each round runs each suite once, so that a slow spell of the
	// shared machine hits all of them alike.
	suites := []suite{
		{"handler", filepath.Join(bin, "prices.test"), "^BenchmarkHandler$"},
		{"json_go126", filepath.Join(bin, "jsoncost.test"), "."},
		{"json_go126_jsonv2", filepath.Join(bin, "jsonv2", "jsoncost.test"), "."},
		{"json_go127", filepath.Join(bin, go127, "jsoncost.test"), "."},
		{"get", filepath.Join(bin, "httpclient.test"), "^BenchmarkGet$"},
		{"scratch", filepath.Join(bin, "scratch.test"), "^BenchmarkChecksum$"},
		{"lookup", filepath.Join(bin, "dbtrips.test"), "^BenchmarkLookup$"},
	}
	if *withPGO {
		suites = append(suites,
			suite{"pgo_off", filepath.Join(bin, "prices.test"), "^BenchmarkHandler$/^variant=v2$"},
			suite{"pgo_on", filepath.Join(bin, "pgo", "prices.test"), "^BenchmarkHandler$/^variant=v2$"})
	}
	raw := map[string]*bytes.Buffer{}
	for round := 1; round <= *rounds; round++ {
		log.Printf("round %d of %d", round, *rounds)
		for _, s := range suites {
			results := run(nil, s.binary, "-test.run", "^$", "-test.bench", s.bench,
				"-test.benchtime", *benchtime, "-test.count", "1", "-test.benchmem")
			if !strings.Contains(results, "\nBenchmark") {
				log.Fatalf("%s: expected benchmark results for %s, found:\n%s", s.binary, s.bench, results)
			}
			if raw[s.name] == nil {
				raw[s.name] = &bytes.Buffer{}
			}
			raw[s.name].WriteString(results)
		}
	}
	files := map[string]string{}
	for name, results := range raw {
		files[name] = filepath.Join(work, name+".txt")
		check(os.WriteFile(files[name], results.Bytes(), 0o644))
	}
	section("handler_raw", raw["handler"].String())
	section("handler_benchstat", benchstat([]string{"-col", "/variant"}, files["handler"]))
	section("pooled_benchstat", benchstat([]string{"-filter", "/variant:(v2 OR pooled)", "-col", "/variant"}, files["handler"]))
	if *withPGO {
		section("pgo_off_raw", raw["pgo_off"].String())
		section("pgo_on_raw", raw["pgo_on"].String())
		section("pgo_benchstat", benchstat(nil, "without-pgo="+files["pgo_off"], "with-pgo="+files["pgo_on"]))
	} else {
		for _, name := range []string{"pgo_off_raw", "pgo_on_raw", "pgo_benchstat"} {
			section(name, "not measured in this run (-pgo=false)\n")
		}
	}
	for _, name := range []string{"json_go126", "json_go126_jsonv2", "json_go127"} {
		section(name+"_raw", raw[name].String())
	}
	section("json_benchstat", benchstat(nil, toolchain+"="+files["json_go126"],
		toolchain+"+jsonv2="+files["json_go126_jsonv2"], go127+"="+files["json_go127"]))
	section("get_raw", raw["get"].String())
	section("scratch_raw", raw["scratch"].String())
	section("scratch_profile", scratchProfile(bin, *benchtime, work))
	section("lookup_raw", raw["lookup"].String())

	// 4. A pgx pool sized by measurement.
	section("pool_size", poolSizes(ctx, *poolTime, min(*rounds, 3)))
}

type suite struct{ name, binary, bench string }

// The Go 1.27 toolchain whose encoding/json, backed by v2 by default, the JSON comparison times.
const go127 = "go1.27.0"

// profileUnderLoad starts the service, loads it for d, and meanwhile takes a CPU profile and a
// delta allocation profile of d minus a second from its debug listener. It returns the number
// of answers and the two profiles' files, named from prefix.
func profileUnderLoad(ctx context.Context, pricesd, variant string, d time.Duration, prefix string) (int64, string, string) {
	cmd := exec.Command(pricesd, "-variant", variant, "-addr", "127.0.0.1:0", "-debug-addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	check(err)
	cmd.Stderr = os.Stderr
	check(cmd.Start())
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	addrs := map[string]string{}
	lines := bufio.NewScanner(stdout)
	for len(addrs) < 2 && lines.Scan() {
		name, url, _ := strings.Cut(lines.Text(), " ")
		addrs[name] = url
	}
	go io.Copy(io.Discard, stdout)

	seconds := int((d - time.Second).Seconds())
	cpu := prefix + ".cpu.pprof"
	allocs := prefix + ".allocs.pprof"
	profiles := make(chan error, 2)
	loadCtx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	go func() {
		time.Sleep(500 * time.Millisecond) // profile the steady state, not the first connections
		profiles <- download(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", addrs["debug"], seconds), cpu)
	}()
	go func() {
		time.Sleep(500 * time.Millisecond)
		profiles <- download(fmt.Sprintf("%s/debug/pprof/allocs?seconds=%d", addrs["debug"], seconds), allocs)
	}()
	answers, err := load.Run(loadCtx, addrs["public"]+prices.Query(), 8)
	check(err)
	check(<-profiles)
	check(<-profiles)
	return answers, cpu, allocs
}

func download(url, file string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
	}
	out, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, resp.Body); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// pprofTop is the top 25 functions of the profiles added up, in the order the options ask for
// (by their own samples unless -cum), without the lines that name the binary and its build.
func pprofTop(profiles []string, options ...string) string {
	args := append([]string{"tool", "pprof", "-top", "-nodecount=25"}, options...)
	top := run(nil, "go", append(args, profiles...)...)
	var kept []string
	for _, line := range strings.SplitAfter(top, "\n") {
		if !strings.HasPrefix(line, "File: ") && !strings.HasPrefix(line, "Build ID: ") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}

// pgoBuild builds pricesd from a copy of the module whose main package holds the profile as
// default.pgo, once with no -pgo flag (the default, -pgo=auto, finds the file) and once with
// -pgo=off, and prints what each binary records about its profile and the sizes of the two.
func pgoBuild(work, profile string) string {
	module := filepath.Join(work, "module")
	run(nil, "cp", "-r", ".", module)
	profileBytes, err := os.ReadFile(profile)
	check(err)
	check(os.WriteFile(filepath.Join(module, "cmd", "pricesd", "default.pgo"), profileBytes, 0o644))
	var out strings.Builder
	sizes := map[string]int64{}
	for _, build := range []struct{ name, flag, binary string }{{"no flag", "", "pricesd-default"}, {"-pgo=off", "-pgo=off", "pricesd-off"}} {
		binary := filepath.Join(work, build.binary)
		args := []string{"build", "-o", binary}
		if build.flag != "" {
			args = append(args, build.flag)
		}
		cmd := exec.Command("go", append(args, "./cmd/pricesd")...)
		cmd.Dir = module
		cmd.Stderr = os.Stderr
		check(cmd.Run())
		info, err := os.Stat(binary)
		check(err)
		sizes[build.name] = info.Size()
		recorded := "no -pgo setting"
		// The build setting's line ("\tbuild\t-pgo=<file>"), not any line that holds "-pgo=".
		for _, line := range strings.Split(run(nil, "go", "version", "-m", binary), "\n") {
			if fields := strings.Fields(line); len(fields) == 2 && fields[0] == "build" && strings.HasPrefix(fields[1], "-pgo=") {
				recorded = strings.TrimSpace(strings.ReplaceAll(line, module, "<module>"))
			}
		}
		fmt.Fprintf(&out, "built with %s: %s\n", build.name, recorded)
	}
	fmt.Fprintf(&out, "binary with default.pgo: %d bytes\nbinary without: %d bytes\n", sizes["no flag"], sizes["-pgo=off"])
	return out.String()
}

// poolSizes drives pools of 1 to 32 connections with 32 goroutines, on the database of
// PGDATABASE, in rounds (each round every size once, so that a busy spell of the machine hits
// all sizes alike), and prints a line per size: its round with the most queries a second.
func poolSizes(ctx context.Context, d time.Duration, rounds int) string {
	config, err := pgxpool.ParseConfig("")
	check(err)
	setup, err := pgxpool.NewWithConfig(ctx, config)
	check(err)
	check(dbtrips.Setup(ctx, setup, 1000))
	setup.Close()
	skus := prices.SampleSKUs()
	sizes := []int{1, 2, 4, 8, 16, 32}
	best := map[int]dbtrips.Load{}
	for round := 1; round <= rounds; round++ {
		log.Printf("driving pools, round %d of %d", round, rounds)
		for _, size := range sizes {
			l, err := dbtrips.Drive(ctx, config, size, 32, skus, d)
			check(err)
			if l.PerSecond > best[size].PerSecond {
				best[size] = l
			}
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "the best of %d rounds of %v for each size:\n", rounds, d)
	for _, size := range sizes {
		l := best[size]
		fmt.Fprintf(&out, "pool %2d, %d goroutines: %6.0f queries/s, p50 %6.2f ms, p99 %6.2f ms\n",
			l.MaxConns, l.Workers, l.PerSecond, ms(l.P50), ms(l.P99))
	}
	return out.String()
}

// loadRates prints, for each version, the answers per second of each round's window and their
// median, then each round's ratios between the versions, which a busy spell in one round moves
// for all three alike.
func loadRates(variants []string, perSecond map[string][]float64, d time.Duration) string {
	var out strings.Builder
	for _, variant := range variants {
		rates := perSecond[variant]
		fmt.Fprintf(&out, "%s: %d windows of %v, median %.0f per second (each:", variant, len(rates), d, median(rates))
		for _, r := range rates {
			fmt.Fprintf(&out, " %.0f", r)
		}
		fmt.Fprintf(&out, ")\n")
	}
	for _, pair := range [][2]string{{"v1", "v0"}, {"v2", "v1"}, {"v2", "v0"}} {
		var ratios []float64
		for round := range perSecond[pair[0]] {
			ratios = append(ratios, perSecond[pair[0]][round]/perSecond[pair[1]][round])
		}
		fmt.Fprintf(&out, "%s/%s per round: min %.2f, max %.2f\n", pair[0], pair[1], slices.Min(ratios), slices.Max(ratios))
	}
	return out.String()
}

func median(values []float64) float64 {
	sorted := slices.Sorted(slices.Values(values))
	middle := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[middle-1] + sorted[middle]) / 2
	}
	return sorted[middle]
}

// scratchProfile is the CPU profile of the scratch benchmark that allocates its buffer, sorted by
// cumulative time: where the time of an allocation per call goes.
func scratchProfile(bin, benchtime, work string) string {
	profile := filepath.Join(work, "scratch.cpu.pprof")
	run(nil, filepath.Join(bin, "scratch.test"), "-test.run", "^$", "-test.bench", "^BenchmarkChecksum$/^buffer=fresh$",
		"-test.benchtime", benchtime, "-test.count", "10", "-test.cpuprofile", profile)
	return pprofTop([]string{profile}, "-cum")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

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
func benchstat(options []string, files ...string) string {
	return run(nil, benchstatTool, append(options, files...)...)
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
