// Package lint runs the fieldalignment analyzer the way a CI job would: the version pinned by
// this module's tool directive, built from the module cache.
package lint

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ANCHOR: exitcodes
// The analyzer prints its findings on stderr and exits with 3 when it has any, 1 when it cannot
// analyse the code, and 0 when it finds nothing, when -json is given or when -fix applied them.
const (
	ExitClean       = 0
	ExitFailed      = 1
	ExitDiagnostics = 3
)

// ANCHOR_END: exitcodes

const analyzer = "golang.org/x/tools/go/analysis/passes/fieldalignment/cmd/fieldalignment"

// Fix copies source (one Go file) into a module of its own under work, runs the pinned analyzer on
// it and then the analyzer with -fix, and returns the report and the rewritten file. module is
// the folder of this module, whose go.mod pins the analyzer.
func Fix(module, source, work string) (report, fixed string, err error) {
	binary := filepath.Join(work, "fieldalignment")
	if out, code, err := run(module, "go", "build", "-o", binary, analyzer); err != nil || code != ExitClean {
		return "", "", fmt.Errorf("building the pinned analyzer: exit %d, %v\n%s", code, err, out)
	}
	dir := filepath.Join(work, "fixdemo")
	content, err := os.ReadFile(source)
	if err != nil {
		return "", "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	files := map[string]string{"go.mod": "module fixdemo\n\ngo 1.26.0\n", filepath.Base(source): string(content)}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return "", "", err
		}
	}
	report, code, err := run(dir, binary, ".")
	if err != nil || code != ExitDiagnostics {
		return "", "", fmt.Errorf("fieldalignment: want exit %d, got %d (%v)\n%s", ExitDiagnostics, code, err, report)
	}
	if out, code, err := run(dir, binary, "-fix", "."); err != nil || code != ExitClean || out != "" {
		return "", "", fmt.Errorf("fieldalignment -fix: want exit 0 and no output, got exit %d (%v)\n%s", code, err, out)
	}
	rewritten, err := os.ReadFile(filepath.Join(dir, filepath.Base(source)))
	return strings.ReplaceAll(report, dir+string(filepath.Separator), ""), string(rewritten), err
}

// run runs a command in dir and returns its combined output and exit code; err is for a command
// that could not run at all.
func run(dir, name string, args ...string) (string, int, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(out), exit.ExitCode(), nil
	}
	return string(out), 0, err
}
