// Package crossbuild checks the deployment story: one command builds the service
// for another operating system or processor, with no C toolchain, and the result
// is a static executable that needs nothing from the machine it runs on.
package crossbuild

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// ANCHOR: cross
func TestBuildsAStaticLinuxBinaryForEachTarget(t *testing.T) {
	for _, target := range []struct {
		goarch  string
		machine elf.Machine
	}{
		{"amd64", elf.EM_X86_64},
		{"arm64", elf.EM_AARCH64},
	} {
		t.Run(target.goarch, func(t *testing.T) {
			f := build(t, "GOOS=linux", "GOARCH="+target.goarch, "CGO_ENABLED=0")
			if f.Machine != target.machine {
				t.Errorf("machine %v, want %v", f.Machine, target.machine)
			}
			if dynamic(f) {
				t.Error("dynamically linked: it has an interpreter or a dynamic section")
			}
		})
	}
}

// ANCHOR_END: cross

// With cgo on, package net uses the C library's resolver and the binary is linked
// against libc: the check above would fail, which is why the build turns cgo off.
func TestWithCgoTheBinaryIsDynamic(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler (gcc) on PATH: cgo cannot be turned on here")
	}
	if f := build(t, "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=1"); !dynamic(f) {
		t.Error("a cgo build of the service is static; expected it to need the C library")
	}
}

// build compiles the service with the given environment and opens the result.
func build(t *testing.T, env ...string) *elf.File {
	t.Helper()
	binary := filepath.Join(t.TempDir(), "stationsd")
	cmd := exec.Command("go", "build", "-trimpath", "-o", binary, "./cmd/stationsd")
	cmd.Dir = ".." // the module's root
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build with %v: %v\n%s", env, err, out)
	}
	f, err := elf.Open(binary)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func dynamic(f *elf.File) bool {
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			return true
		}
	}
	return false
}
