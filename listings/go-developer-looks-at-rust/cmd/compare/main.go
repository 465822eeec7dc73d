// Command compare measures the Go and the Rust item services side by side.
//
//	compare loc                 lines of code of the two services (exact)
//	compare build [-quick]      clean builds: seconds, binary sizes
//	compare run [flags]         memory, CPU and latency under the same bounded load
//
// Run from the post folder; `run` needs DATABASE_URL (a database of its own).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: compare loc|build|run [flags]")
	}
	switch os.Args[1] {
	case "loc":
		loc()
	case "build":
		build(os.Args[2:])
	case "run":
		run(os.Args[2:])
	default:
		log.Fatalf("unknown mode %q", os.Args[1])
	}
}

// sourceLines counts the lines of a Go or Rust file that are neither blank nor
// only a comment (the ANCHOR markers are comments).
func sourceLines(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	n := 0
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "//") {
			n++
		}
	}
	return n
}

func loc() {
	goFiles := []string{"itemsvc/itemsvc.go", "cmd/itemsvc/main.go"}
	rustFiles := []string{"rust/src/lib.rs", "rust/src/main.rs"}
	total := func(lang string, files []string) {
		sum := 0
		for _, f := range files {
			n := sourceLines(f)
			sum += n
			fmt.Printf("%-5s %-22s %3d lines\n", lang, f, n)
		}
		fmt.Printf("%-5s total: %d lines\n", lang, sum)
	}
	total("go", goFiles)
	total("rust", rustFiles)
}

// timed runs a command and returns its wall-clock seconds and its combined output.
func timed(dir string, env []string, name string, args ...string) (float64, string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		log.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return time.Since(start).Seconds(), string(out)
}

func sizeMB(path string) float64 {
	info, err := os.Stat(path)
	if err != nil {
		log.Fatal(err)
	}
	return float64(info.Size()) / 1e6
}

// strippedMB is the size of a copy of the binary without its symbol table and debug information.
func strippedMB(path, tmp string) float64 {
	out := filepath.Join(tmp, filepath.Base(path)+".stripped")
	timed(".", nil, "strip", "-o", out, path)
	return sizeMB(out)
}

// cargoTarget is the cargo target folder: $CARGO_TARGET_DIR, which the book's listing runner sets
// for every producer (the user's cache), or else cargo's own default, rust/target.
func cargoTarget() string {
	if dir := os.Getenv("CARGO_TARGET_DIR"); dir != "" {
		return dir
	}
	return filepath.Join("rust", "target")
}

func absTarget(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		log.Fatal(err)
	}
	return abs
}

func build(args []string) {
	fs := flag.NewFlagSet("build", flag.ExitOnError)
	quick := fs.Bool("quick", false, "warm caches, debug only: the check run of `make listings`")
	target := fs.String("target", cargoTarget(), "cargo target folder for -quick (default $CARGO_TARGET_DIR)")
	fs.Parse(args)
	tmp, err := os.MkdirTemp("", "compare-build-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)

	// ANCHOR: build
	goBin := filepath.Join(tmp, "itemsvc-go")
	goEnv := []string{"GOCACHE=" + filepath.Join(tmp, "gocache"), "GOFLAGS=-mod=readonly"}
	rustTarget := filepath.Join(tmp, "cargo-target")
	if *quick {
		goEnv = []string{"GOFLAGS=-mod=readonly"}
		rustTarget = absTarget(*target)
	}
	rustEnv := []string{"CARGO_TARGET_DIR=" + rustTarget}
	goSeconds, _ := timed(".", goEnv, "go", "build", "-o", goBin, "./cmd/itemsvc")
	debugSeconds, debugOut := timed("rust", rustEnv, "cargo", "build", "--locked")
	// ANCHOR_END: build
	_, deps := timed(".", goEnv, "go", "list", "-deps", "-f", "{{if .Module}}{{.Module.Path}}{{else}}std{{end}}", "./cmd/itemsvc")
	std, nonStd := 0, 0
	for line := range strings.Lines(deps) {
		if strings.TrimSpace(line) == "std" {
			std++
		} else {
			nonStd++
		}
	}
	mode := "clean (empty GOCACHE, empty cargo target folder; downloads not counted)"
	if *quick {
		mode = "warm caches (check run)"
	}
	fmt.Println("builds:", mode)
	fmt.Printf("go build: %.1f s, %d packages (%d standard library, %d from modules)\n", goSeconds, std+nonStd, std, nonStd)
	fmt.Printf("cargo build (debug): %.1f s, %d crates compiled\n", debugSeconds, strings.Count(debugOut, "Compiling "))
	if !*quick {
		releaseSeconds, releaseOut := timed("rust", rustEnv, "cargo", "build", "--release", "--locked")
		fmt.Printf("cargo build --release: %.1f s, %d crates compiled\n", releaseSeconds, strings.Count(releaseOut, "Compiling "))
	}
	fmt.Printf("go binary: %.1f MB (stripped %.1f MB)\n", sizeMB(goBin), strippedMB(goBin, tmp))
	debugBin := filepath.Join(rustTarget, "debug", "itemsvc")
	fmt.Printf("rust debug binary: %.1f MB (stripped %.1f MB)\n", sizeMB(debugBin), strippedMB(debugBin, tmp))
	if !*quick {
		releaseBin := filepath.Join(rustTarget, "release", "itemsvc")
		fmt.Printf("rust release binary: %.1f MB (stripped %.1f MB)\n", sizeMB(releaseBin), strippedMB(releaseBin, tmp))
	}
}

// service is one running item service.
type service struct {
	name string
	cmd  *exec.Cmd
	base string
}

func start(name, binary, databaseURL string) *service {
	cmd := exec.Command(binary)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "ADDR=127.0.0.1:0")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		log.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		log.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		log.Fatalf("%s: no 'listening on' line: %v", name, err)
	}
	go io.Copy(io.Discard, stdout)
	addr := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	return &service{name: name, cmd: cmd, base: "http://" + addr}
}

// status reads a field of /proc/PID/status in kB and returns MB.
func (s *service) status(field string) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		log.Fatal(err)
	}
	for line := range strings.Lines(string(data)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.Fields(rest)[0], 64)
			return kb / 1e3
		}
	}
	log.Fatalf("no %s in /proc/%d/status", field, s.cmd.Process.Pid)
	return 0
}

// cpuSeconds is the user plus system CPU time the process used so far.
func (s *service) cpuSeconds() float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		log.Fatal(err)
	}
	fields := strings.Fields(string(data)[strings.LastIndexByte(string(data), ')')+2:])
	utime, _ := strconv.ParseFloat(fields[11], 64) // field 14 of stat(5)
	stime, _ := strconv.ParseFloat(fields[12], 64) // field 15
	return (utime + stime) / 100                   // USER_HZ is 100 on Linux
}
