// Command go127 runs the layout and heap tests, and the 32-bit program, with another Go toolchain
// (Go 1.27.0 by default, which the go command fetches through the module proxy): the tests compare
// the same Example outputs as under Go 1.26, and the 32-bit program's output is compared with
// its record. -toolchain local runs the same steps with the toolchain on the PATH.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

func main() {
	log.SetFlags(0)
	toolchain := flag.String("toolchain", "go1.27.0", "the GOTOOLCHAIN to run with")
	flag.Parse()
	env := []string{"GOTOOLCHAIN=" + *toolchain}

	fmt.Print(run(env, "go", "version"))
	tests := run(env, "go", "test", "-count=1", "./layout/", "./heap/")
	fmt.Print(regexp.MustCompile(`\t[0-9.]+s\n`).ReplaceAllString(tests, "\n")) // durations vary

	got := run(append(env, "GOARCH=386", "CGO_ENABLED=0"), "go", "run", "./cmd/align32")
	want, err := os.ReadFile(filepath.Join("records", "align32_386.txt"))
	if err != nil {
		log.Fatal(err)
	}
	if got != string(want) {
		log.Fatalf("cmd/align32 with GOARCH=386 printed\n%s\nrecords/align32_386.txt holds\n%s", got, want)
	}
	fmt.Println("cmd/align32, GOARCH=386: the same output as records/align32_386.txt")
}

// run runs a command and returns its standard output; a failure stops the program.
func run(env []string, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		log.Fatalf("%s %v: %v\n%s", name, args, err, stdout.String())
	}
	return stdout.String()
}
