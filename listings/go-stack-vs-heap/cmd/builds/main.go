// Command builds runs one main package as several builds print it: each build is a Go toolchain,
// named exactly as GOTOOLCHAIN takes it, and optionally flags for go run. It prints each build's
// standard output under a line "== <build>", so that one record compares toolchains side by side.
// Because every toolchain is named, the output is the same on any machine that can fetch them,
// whichever Go is on PATH.
//
//	go run ./cmd/builds ./cmd/growth go1.26.8 "go1.26.8 -gcflags=-d=variablemakehash=n" go1.27.0
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func main() {
	if len(os.Args) < 3 {
		fail("usage: builds PACKAGE BUILD...; a BUILD is a toolchain such as go1.27.0, then flags for go run")
	}
	pkg, builds := os.Args[1], os.Args[2:]
	for _, build := range builds {
		fields := strings.Fields(build)
		if !strings.HasPrefix(fields[0], "go1.") {
			fail("build %q: expected a toolchain name such as go1.26.8 first, found %q", build, fields[0])
		}
		args := append(append([]string{"run"}, fields[1:]...), pkg)
		cmd := exec.Command("go", args...)
		cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+fields[0])
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			fail("GOTOOLCHAIN=%s go %s: %v\n%s", fields[0], strings.Join(args, " "), err, stderr.String())
		}
		fmt.Printf("== %s\n%s", build, stdout.String())
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "builds: "+format+"\n", args...)
	os.Exit(1)
}
