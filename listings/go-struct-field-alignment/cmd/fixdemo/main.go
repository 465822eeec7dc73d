// Command fixdemo shows what `fieldalignment -fix` does to lint/testdata/fixdemo/stats.go: the
// analyzer's report, then the rewritten file.
package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"playbook.example/go-struct-field-alignment/lint"
)

func main() {
	log.SetFlags(0)
	work, err := os.MkdirTemp("", "fixdemo")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(work)
	report, fixed, err := lint.Fix(".", filepath.Join("lint", "testdata", "fixdemo", "stats.go"), work)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(report, "\n", fixed)
}
