package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"playbook.example/go-developer-looks-at-rust/loadgen"
)

const schema = `CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, price_cents bigint NOT NULL);
INSERT INTO items SELECT i, 'item ' || i, i * 100 FROM generate_series(1, 1000) AS i;`

// round is one service's figures for one round of the load.
type round struct {
	rps, p50, p99, cpuPerReq float64 // requests per second, ms, ms, ms of CPU per request
	errors                   int
}

func run(args []string) {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	profile := fs.String("profile", "release", "cargo profile of the Rust binary: release or debug")
	target := fs.String("target", cargoTarget(), "cargo target folder (default $CARGO_TARGET_DIR)")
	requests := fs.Int("requests", 20000, "requests per round")
	workers := fs.Int("workers", 32, "concurrent workers (keep-alive connections)")
	rounds := fs.Int("rounds", 10, "rounds per service; Go first in odd rounds, Rust first in even ones")
	fs.Parse(args)

	url := os.Getenv("DATABASE_URL")
	if url == "" {
		log.Fatal("DATABASE_URL is not set: run the records with `make record`, which starts PostgreSQL 18")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		log.Fatal(err)
	}
	for _, sql := range []string{schema, "VACUUM (ANALYZE) items"} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			log.Fatal(err)
		}
	}
	conn.Close(ctx)

	tmp, err := os.MkdirTemp("", "compare-run-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	goBin := filepath.Join(tmp, "itemsvc-go")
	timed(".", []string{"GOFLAGS=-mod=readonly"}, "go", "build", "-o", goBin, "./cmd/itemsvc")
	cargoArgs := []string{"build", "--locked"}
	if *profile == "release" {
		cargoArgs = append(cargoArgs, "--release")
	}
	rustTarget := absTarget(*target)
	timed("rust", []string{"CARGO_TARGET_DIR=" + rustTarget}, "cargo", cargoArgs...)
	rustBin := filepath.Join(rustTarget, *profile, "itemsvc")

	services := []*service{start("go", goBin, url), start("rust", rustBin, url)}
	defer func() {
		for _, s := range services {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		}
	}()
	_, goVersion := timed(".", nil, "go", "env", "GOVERSION")
	_, rustc := timed("rust", nil, "rustc", "--version")
	fmt.Printf("toolchains: %s, %s\n", strings.TrimSpace(goVersion), strings.TrimSpace(rustc))
	fmt.Printf("load: %d requests per round, %d workers, %d rounds per service (order swapped every round), ids 1..1000, rust profile %s\n",
		*requests, *workers, *rounds, *profile)

	// ANCHOR: measure
	path := func(i int) string { return "/items/" + strconv.Itoa(i%1000+1) }
	startRSS := map[string]float64{}
	idleRSS := map[string]float64{}
	for _, s := range services {
		startRSS[s.name] = s.status("VmRSS")                           // listening, no request served yet
		loadgen.Run(ctx, s.base, path, *workers, min(1000, *requests)) // warm-up: pool full, buffers grown
	}
	time.Sleep(time.Second)
	for _, s := range services {
		idleRSS[s.name] = s.status("VmRSS")
	}
	results := map[string][]round{}
	for r := range *rounds {
		order := services
		if r%2 == 1 { // Rust first in every other round: neither service always follows the other
			order = []*service{services[1], services[0]}
		}
		for _, s := range order {
			cpu := s.cpuSeconds()
			res := loadgen.Run(ctx, s.base, path, *workers, *requests)
			cpu = s.cpuSeconds() - cpu
			results[s.name] = append(results[s.name], round{
				rps:       float64(*requests) / res.Elapsed.Seconds(),
				p50:       ms(loadgen.Percentile(res.Latencies, 50)),
				p99:       ms(loadgen.Percentile(res.Latencies, 99)),
				cpuPerReq: cpu * 1e3 / float64(*requests),
				errors:    res.Errors,
			})
			fmt.Printf("%-4s round %d: %6.0f req/s, p50 %5.2f ms, p99 %6.2f ms, cpu %.3f ms/request, errors %d\n",
				s.name, r+1, results[s.name][r].rps, results[s.name][r].p50, results[s.name][r].p99,
				results[s.name][r].cpuPerReq, res.Errors)
		}
	}
	// ANCHOR_END: measure
	// Each service's median round by throughput, all its figures from that one round; and the
	// per-round ratios of Rust to Go, each pair of rounds run back to back.
	for _, s := range services {
		rs := results[s.name]
		byRPS := make([]int, len(rs))
		errors := 0
		for i, r := range rs {
			byRPS[i] = i
			errors += r.errors
		}
		slices.SortFunc(byRPS, func(a, b int) int { return cmp.Compare(rs[a].rps, rs[b].rps) })
		m := byRPS[len(rs)/2]
		fmt.Printf("%-4s median round (%d): %6.0f req/s, p50 %5.2f ms, p99 %6.2f ms, cpu %.3f ms/request; errors in all rounds %d\n",
			s.name, m+1, rs[m].rps, rs[m].p50, rs[m].p99, rs[m].cpuPerReq, errors)
	}
	goFaster := 0
	var rps, p50, p99, cpu []float64
	for r := range *rounds {
		g, u := results["go"][r], results["rust"][r]
		if g.rps > u.rps {
			goFaster++
		}
		rps, p50, p99, cpu = append(rps, u.rps/g.rps), append(p50, u.p50/g.p50), append(p99, u.p99/g.p99), append(cpu, u.cpuPerReq/g.cpuPerReq)
	}
	fmt.Printf("go had the higher throughput in %d of %d rounds\n", goFaster, *rounds)
	fmt.Printf("rust/go per round: req/s %.2f-%.2f, p50 %.2f-%.2f, p99 %.2f-%.2f, cpu %.2f-%.2f\n",
		slices.Min(rps), slices.Max(rps), slices.Min(p50), slices.Max(p50),
		slices.Min(p99), slices.Max(p99), slices.Min(cpu), slices.Max(cpu))
	for _, s := range services {
		fmt.Printf("%-4s memory: rss at start %.1f MB, idle after warm-up %.1f MB, peak %.1f MB\n",
			s.name, startRSS[s.name], idleRSS[s.name], s.status("VmHWM"))
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
