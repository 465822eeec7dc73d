// Command loadgen sends closed-loop HTTP load and prints what it measured as one
// JSON object:
//
//	loadgen -url http://127.0.0.1:8080 -targets paths.txt -c 16 -warmup 3s -d 10s
//
// paths.txt holds one request path (with its query) per line.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"playbook.example/why-we-chose-go/loadgen"
)

func main() {
	url := flag.String("url", "", "base URL of the server, such as http://127.0.0.1:8080")
	targets := flag.String("targets", "", "file with one request path per line")
	concurrency := flag.Int("c", 16, "workers, each with one keep-alive connection")
	warmUp := flag.Duration("warmup", 3*time.Second, "load sent before measuring")
	duration := flag.Duration("d", 10*time.Second, "measured window")
	flag.Parse()

	paths, err := readTargets(*targets)
	if err != nil {
		log.Fatal(err)
	}
	cfg := loadgen.Config{BaseURL: *url, Targets: paths, Concurrency: *concurrency, WarmUp: *warmUp, Duration: *duration}
	r, err := loadgen.Run(context.Background(), loadgen.NewClient(*concurrency), cfg)
	if err != nil {
		log.Fatal(err)
	}
	out := map[string]any{
		"requests":        r.Requests(),
		"warmup_requests": r.WarmUpRequests,
		"seconds":         r.Window.Seconds(),
		"throughput":      r.Throughput(),
		"p50_ns":          r.Percentile(500).Nanoseconds(),
		"p90_ns":          r.Percentile(900).Nanoseconds(),
		"p99_ns":          r.Percentile(990).Nanoseconds(),
		"p999_ns":         r.Percentile(999).Nanoseconds(),
		"max_ns":          r.Percentile(1000).Nanoseconds(),
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		log.Fatal(err)
	}
}

func readTargets(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var paths []string
	for line := range strings.Lines(string(data)) {
		if path := strings.TrimSpace(line); path != "" {
			paths = append(paths, path)
		}
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no request paths", file)
	}
	return paths, nil
}
