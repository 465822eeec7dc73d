// Command copyloop prints the instructions with which the Pass benchmark's loop (passing/
// bench_test.go) hands an 8 KiB Blob to IDOf by value: from the copy of the argument into the
// outgoing argument area to the call, as go tool objdump shows them in the test binary. The
// instructions depend on the compiler version and GOARCH.
//
//	go run ./cmd/copyloop
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// The Pass/value closure of benchmarkSize for the 8 KiB Blob: the third function literal.
const loop = `passing\.benchmarkSize\[go\.shape\.\[1023\]uint64\]\.func3$`

func main() {
	// The test binary stays in the user's cache folder, where cmd/measure keeps it too: the go
	// command relinks it only when its code or the toolchain changed.
	cache, err := os.UserCacheDir()
	if err != nil {
		fail("%v", err)
	}
	binary := filepath.Join(cache, "playbook-go-stack-vs-heap", "passing.test")
	run("go", "test", "-c", "-o", binary, "./passing")
	listing := run("go", "tool", "objdump", "-s", loop, binary)

	// objdump prints "file:line address bytes instruction"; keep the instruction.
	instruction := regexp.MustCompile(`^\s*\S+:\d+\s+0x[0-9a-f]+\s+[0-9a-f]+\s+(.*)$`)
	copying := false
	for _, line := range strings.Split(listing, "\n") {
		m := instruction.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text := strings.TrimSpace(m[1])
		if text == "MOVQ SP, DI" { // the outgoing argument area is the copy's destination
			copying = true
		}
		if copying {
			fmt.Println(text)
			if strings.HasPrefix(text, "CALL ") {
				return
			}
		}
	}
	fail("expected the copy of the argument (MOVQ SP, DI ... CALL) in:\n%s", listing)
}

func run(name string, args ...string) string {
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		fail("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "copyloop: "+format+"\n", args...)
	os.Exit(1)
}
