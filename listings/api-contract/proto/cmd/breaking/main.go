// Command breaking runs buf breaking on every pull request under changes/ against base/, once
// per rule category, and prints which rules each change broke.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"slices"
	"strings"

	"golang.org/x/sync/errgroup"
)

// From the most lenient category to buf's default.
var categories = []string{"WIRE", "WIRE_JSON", "FILE"}

func main() {
	// go tool -n prints the path of the pinned buf binary, built once and cached; running it
	// directly saves the go command's start-up on every run.
	path, err := exec.Command("go", "tool", "-n", "buf").Output()
	if err != nil {
		log.Fatalf("go tool -n buf: %v", err)
	}
	buf := strings.TrimSpace(string(path))
	changes, err := os.ReadDir("changes")
	if err != nil {
		log.Fatal(err)
	}
	// The checks are independent: run them a few at a time, print them in order.
	results := make([]string, len(changes)*len(categories))
	var group errgroup.Group
	group.SetLimit(4)
	for i, change := range changes {
		for j, category := range categories {
			group.Go(func() error {
				results[i*len(categories)+j] = check(buf, "changes/"+change.Name(), category)
				return nil
			})
		}
	}
	group.Wait()
	fmt.Printf("%-16s %-12s %s\n", "pull request", "category", "result")
	for i, change := range changes {
		for j, category := range categories {
			fmt.Printf("%-16s %-12s %s\n", change.Name(), category, results[i*len(categories)+j])
		}
	}
}

// check runs buf breaking as CI would, and returns "pass" or the rules that failed.
func check(buf, input, category string) string {
	config := fmt.Sprintf(`{"version":"v1","breaking":{"use":[%q]}}`, category)
	command := exec.Command(buf, "breaking", input, "--against", "base", "--config", config, "--error-format", "json")
	var stderr bytes.Buffer
	command.Stderr = &stderr
	out, err := command.Output()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 100) { // 100: breaking changes found
		log.Fatalf("buf breaking %s: %v\n%s", input, err, stderr.Bytes())
	}
	if len(out) == 0 {
		return "pass"
	}
	var rules []string
	decoder := json.NewDecoder(bytes.NewReader(out))
	for decoder.More() {
		var finding struct{ Type string }
		if err := decoder.Decode(&finding); err != nil {
			log.Fatal(err)
		}
		if !slices.Contains(rules, finding.Type) {
			rules = append(rules, finding.Type)
		}
	}
	return "FAIL " + strings.Join(rules, ", ")
}
