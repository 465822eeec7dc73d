// Package godebug holds one test: what the go command does with a module that
// asks for the pre-1.23 timer channels, which Go 1.27 no longer has.
package godebug_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = `module example.com/timers

go 1.26.0

godebug asynctimerchan=1
`

func build(t *testing.T, toolchain string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{"go.mod": module, "main.go": "package main\n\nfunc main() {}\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestGo127RefusesTheRemovedAsynctimerchanSetting(t *testing.T) {
	if out, err := build(t, "go1.26.8"); err != nil {
		t.Fatalf("Go 1.26.8 should still accept godebug asynctimerchan=1: %v\n%s", err, out)
	}
	out, err := build(t, "go1.27.0")
	if err == nil {
		t.Fatal("Go 1.27.0 built a module that asks for asynctimerchan=1")
	}
	if want := `removed GODEBUG "asynctimerchan" set to old value "1"`; !strings.Contains(out, want) {
		t.Fatalf("Go 1.27.0's error does not say %q:\n%s", want, out)
	}
}
