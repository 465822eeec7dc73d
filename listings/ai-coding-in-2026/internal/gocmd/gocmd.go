// Package gocmd runs the go command for the tests that check what the toolchain itself does
// with a listing (go fix, go test with the plausible build tag, go mod edit).
package gocmd

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"testing"
)

// Run runs the go command with args in dir, with env added to the environment, and returns its
// combined output and exit status. A go command that cannot be started fails the test.
func Run(t *testing.T, dir string, env []string, args ...string) (output string, exitCode int) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("these tests run the go command itself, and it is not on PATH: %v", err)
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	default:
		t.Fatalf("go %v: %v", args, err)
		return "", -1
	}
}

// DependsOn reads each file so that go test's result cache depends on it. A go command started by
// Run reads files in another process, which the cache does not see: without this, a changed
// plausible file (outside the package's normal build) could leave a cached result standing.
func DependsOn(t *testing.T, paths ...string) {
	t.Helper()
	for _, path := range paths {
		if _, err := os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
}
