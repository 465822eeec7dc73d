// Command frames prints the stack frame of each named function of a package as the compiler's
// assembly listing (-S) states it in the function's TEXT line: "$frame-arguments", in bytes.
// Frame sizes depend on the compiler version and GOARCH.
//
//	go run ./cmd/frames ./stack Descend descendAndWait
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
)

func main() {
	if len(os.Args) < 3 {
		fail("usage: frames PACKAGE FUNCTION...")
	}
	pkg, names := os.Args[1], os.Args[2:]
	cmd := exec.Command("go", "build", "-gcflags=-S", pkg)
	var assembly bytes.Buffer
	cmd.Stderr = &assembly
	if err := cmd.Run(); err != nil {
		fail("go build -gcflags=-S %s: %v\n%s", pkg, err, assembly.String())
	}
	text := regexp.MustCompile(`TEXT\s+\S*\.(\w+)\(SB\), ABIInternal, \$(\d+)-(\d+)`)
	matches := text.FindAllStringSubmatch(assembly.String(), -1)
	for _, name := range names {
		found := false
		for _, match := range matches {
			if match[1] == name {
				fmt.Printf("%s: frame %s bytes, arguments %s bytes\n", name, match[2], match[3])
				found = true
			}
		}
		if !found {
			fail("expected a TEXT line for %s in the assembly listing of %s, found none", name, pkg)
		}
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "frames: "+format+"\n", args...)
	os.Exit(1)
}
