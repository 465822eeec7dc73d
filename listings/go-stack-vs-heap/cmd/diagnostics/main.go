// Command diagnostics prints the compiler's escape-analysis and inlining decisions, with their
// reasons, for one file of a package, grouped by the function they are about ("== Name" ...
// "== end Name", in the order of the source), so that a page can show one function's lines.
// The go command on PATH compiles; each toolchain named after the file compiles it again, and a
// last line says whether it prints the same decisions.
//
//	go run ./cmd/diagnostics escape/decisions.go go1.27.0
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// ANCHOR: command
// The compiler's escape-analysis and inlining decisions, with their reasons (-m=2), for this
// package only: -gcflags without a package pattern applies to the packages named on the
// command line, not to their dependencies.
var diagnosticsCommand = []string{"build", "-gcflags=-m=2", "."}

// ANCHOR_END: command

func main() {
	if len(os.Args) < 2 {
		fail("usage: diagnostics FILE [TOOLCHAIN...]")
	}
	file, others := os.Args[1], os.Args[2:]
	sections := functions(file)
	grouped := byFunction(file, sections, compile(file, ""))
	fmt.Print(grouped)
	for _, toolchain := range others {
		if other := byFunction(file, functions(file), compile(file, toolchain)); other == grouped {
			fmt.Printf("== %s prints the same decisions\n", toolchain)
		} else {
			fmt.Printf("== %s prints other decisions:\n%s", toolchain, other)
		}
	}
}

// compile builds the file's package with diagnosticsCommand, with the named toolchain or the
// go command on PATH (""), and returns what the compiler printed.
func compile(file, toolchain string) string {
	cmd := exec.Command("go", diagnosticsCommand...)
	cmd.Dir = filepath.Dir(file)
	cmd.Env = os.Environ()
	if toolchain != "" {
		cmd.Env = append(cmd.Env, "GOTOOLCHAIN="+toolchain)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		fail("go %s in %s (GOTOOLCHAIN=%q): %v\n%s", strings.Join(diagnosticsCommand, " "), cmd.Dir, toolchain, err, stderr.String())
	}
	return stderr.String()
}

// A section holds the diagnostics about the lines of one function.
type section struct {
	name       string
	start, end int
	lines      []string
}

func functions(file string) []*section {
	fset := token.NewFileSet()
	parsed, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		fail("%v", err)
	}
	var sections []*section
	for _, decl := range parsed.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok {
			sections = append(sections, &section{
				name:  functionName(fn),
				start: fset.Position(fn.Pos()).Line,
				end:   fset.Position(fn.End()).Line,
			})
		}
	}
	return sections
}

// byFunction sorts the diagnostics into the sections, keeping the compiler's order within a
// function; a diagnostic about another file or outside every function is an error.
func byFunction(file string, sections []*section, diagnostics string) string {
	base := filepath.Base(file)
	position := regexp.MustCompile(`^(?:\./)?` + regexp.QuoteMeta(base) + `:(\d+):\d+: `)
	for _, line := range strings.Split(strings.TrimRight(diagnostics, "\n"), "\n") {
		if strings.HasPrefix(line, "# ") { // the package header go build prints
			continue
		}
		match := position.FindStringSubmatch(line)
		if match == nil {
			fail("expected a diagnostic about %s, found %q", base, line)
		}
		number, _ := strconv.Atoi(match[1])
		placed := false
		for _, s := range sections {
			if s.start <= number && number <= s.end {
				s.lines = append(s.lines, strings.ReplaceAll(line, "./"+base, base))
				placed = true
				break
			}
		}
		if !placed {
			fail("expected a diagnostic inside a function of %s, found %q", base, line)
		}
	}
	var out strings.Builder
	for _, s := range sections {
		fmt.Fprintf(&out, "== %s\n", s.name)
		for _, line := range s.lines {
			out.WriteString(line + "\n")
		}
		fmt.Fprintf(&out, "== end %s\n", s.name)
	}
	return out.String()
}

func functionName(fn *ast.FuncDecl) string {
	if fn.Recv == nil {
		return fn.Name.Name
	}
	receiver := fn.Recv.List[0].Type
	if star, ok := receiver.(*ast.StarExpr); ok {
		return "(*" + star.X.(*ast.Ident).Name + ")." + fn.Name.Name
	}
	return receiver.(*ast.Ident).Name + "." + fn.Name.Name
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "diagnostics: "+format+"\n", args...)
	os.Exit(1)
}
