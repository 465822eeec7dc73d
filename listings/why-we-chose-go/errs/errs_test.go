package errs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestAsTypeFindsTheWrappedErrorOrReportsItsAbsence(t *testing.T) {
	busy, ok := errors.AsType[*RetryableError](ReserveBike(7))
	if !ok || busy.Service != "inventory" {
		t.Fatalf("AsType = %v, %v", busy, ok)
	}
	if _, ok := errors.AsType[*RetryableError](errors.New("no such station")); ok {
		t.Error("found a RetryableError in an error that has none")
	}
	if _, ok := errors.AsType[*RetryableError](nil); ok {
		t.Error("found a RetryableError in nil")
	}
}

// ANCHOR: allocs
func TestAsTypeDoesNotAllocate(t *testing.T) {
	err := ReserveBike(7)
	as := testing.AllocsPerRun(1000, func() {
		var busy *RetryableError // escapes: errors.As takes it as an any
		if !errors.As(err, &busy) {
			t.Fatal("As found nothing")
		}
	})
	asType := testing.AllocsPerRun(1000, func() {
		if _, ok := errors.AsType[*RetryableError](err); !ok {
			t.Fatal("AsType found nothing")
		}
	})
	if as != 1 || asType != 0 {
		t.Errorf("allocations per call: As %v, AsType %v; want 1 and 0", as, asType)
	}
}

// ANCHOR_END: allocs

// A type that is not an error is a compile error with AsType (its type parameter is
// constrained by error); errors.As takes an any and can only check when it runs.
func TestAsTypeRejectsANonErrorTypeWhenCompiling(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/wrong\n\ngo 1.26.0\n")
	write("main.go", `package main

import "errors"

type busy struct{} // no Error method

func main() { _, _ = errors.AsType[busy](errors.New("x")) }
`)
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "busy does not satisfy error") {
		t.Fatalf("go build: err = %v, output:\n%s\nwant a failure saying busy does not satisfy error", err, out)
	}
}
