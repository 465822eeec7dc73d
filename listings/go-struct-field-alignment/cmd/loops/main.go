// Command loops prints the machine instructions of the bench package's scan loops, as `go test -c`
// compiles them for the benchmarks: one listing per sum function, taken from the benchmark it is
// inlined into. It shows what a layout changes besides the number of bytes: the instructions that
// find each element's fields.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

const source = "bench/bench_test.go"

// The sum functions, in the order they are printed, with the layout each one reads.
var loops = []struct{ function, layout string }{
	{"sumReadings", "Reading, as declared"},
	{"sumPackedReadings", "PackedReading"},
	{"sumSessions", "Session, as declared"},
	{"sumPackedSessions", "PackedSession"},
}

// instruction is one line of `go tool objdump`: where it comes from, its address and its text.
type instruction struct {
	line    int
	address uint64
	text    string
}

// objdumpLine matches "  bench_test.go:47  0x52f066  48ffc6  INCQ SI".
var objdumpLine = regexp.MustCompile(`^\s+(\S+):(\d+)\s+0x([0-9a-f]+)\s+[0-9a-f]+\s+(.+?)\s*$`)

// jumpTarget matches a jump's target address, the last operand of a J... instruction.
var jumpTarget = regexp.MustCompile(`^(J\w+) 0x([0-9a-f]+)$`)

func main() {
	log.SetFlags(0)
	ranges, err := functionLines(source)
	if err != nil {
		log.Fatal(err)
	}
	symbols, err := disassemble()
	if err != nil {
		log.Fatal(err)
	}
	for _, l := range loops {
		body, err := loopOf(l.function, ranges[l.function], symbols)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s (%s): %d instructions\n", l.function, l.layout, len(body))
		for _, line := range body {
			fmt.Printf("\t%s\n", line)
		}
	}
}

// functionLines returns the first and last line of each function in file.
func functionLines(file string) (map[string][2]int, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	ranges := map[string][2]int{}
	for _, decl := range f.Decls {
		if fn, ok := decl.(*ast.FuncDecl); ok {
			ranges[fn.Name.Name] = [2]int{fset.Position(fn.Pos()).Line, fset.Position(fn.End()).Line}
		}
	}
	return ranges, nil
}

// disassemble compiles the bench package's test binary and returns the instructions of each of
// its benchmark functions (closures included) that come from source.
func disassemble() (map[string][]instruction, error) {
	dir, err := os.MkdirTemp("", "loops")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	binary := filepath.Join(dir, "bench.test")
	if out, err := exec.Command("go", "test", "-c", "-o", binary, "./bench/").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	out, err := exec.Command("go", "tool", "objdump", "-s", `bench\.Benchmark`, binary).Output()
	if err != nil {
		return nil, fmt.Errorf("go tool objdump: %v", err)
	}
	symbols := map[string][]instruction{}
	var symbol string
	scanner := bufio.NewScanner(bytes.NewReader(out))
	for scanner.Scan() {
		text := scanner.Text()
		if name, ok := strings.CutPrefix(text, "TEXT "); ok {
			symbol = strings.Fields(name)[0]
			continue
		}
		m := objdumpLine.FindStringSubmatch(text)
		if m == nil || m[1] != filepath.Base(source) {
			continue
		}
		line, _ := strconv.Atoi(m[2])
		address, _ := strconv.ParseUint(m[3], 16, 64)
		symbols[symbol] = append(symbols[symbol], instruction{line, address, m[4]})
	}
	return symbols, scanner.Err()
}

// loopOf returns the loop of function, inlined into exactly one benchmark: the instructions from
// the first target of a backward jump to the last such jump. Jump targets are written as labels:
// "loop" for the loop's first instruction, "exit" for an address outside the loop.
func loopOf(function string, lines [2]int, symbols map[string][]instruction) ([]string, error) {
	var found []instruction
	for symbol, instructions := range symbols {
		var own []instruction
		for _, in := range instructions {
			if lines[0] <= in.line && in.line <= lines[1] {
				own = append(own, in)
			}
		}
		if len(own) > 0 && found != nil {
			return nil, fmt.Errorf("%s is compiled into more than one benchmark (%s is one)", function, symbol)
		}
		if len(own) > 0 {
			found = instructions
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%s: no instructions from %s lines %d-%d in any benchmark", function, source, lines[0], lines[1])
	}
	lineAt := map[uint64]int{}
	for _, in := range found {
		lineAt[in.address] = in.line
	}
	inFunction := func(line int) bool { return lines[0] <= line && line <= lines[1] }
	var start, end uint64 = ^uint64(0), 0
	for _, in := range found {
		if m := jumpTarget.FindStringSubmatch(in.text); m != nil && inFunction(in.line) {
			target, _ := strconv.ParseUint(m[2], 16, 64)
			if target <= in.address && inFunction(lineAt[target]) {
				start, end = min(start, target), max(end, in.address)
			}
		}
	}
	if end == 0 {
		return nil, fmt.Errorf("%s: no backward jump, so no loop", function)
	}
	inLoop := map[uint64]bool{}
	var body []instruction
	for _, in := range found {
		if start <= in.address && in.address <= end {
			inLoop[in.address] = true
			body = append(body, in)
		}
	}
	var listing []string
	for _, in := range body {
		text := in.text
		if m := jumpTarget.FindStringSubmatch(text); m != nil {
			target, _ := strconv.ParseUint(m[2], 16, 64)
			switch {
			case target == start:
				text = m[1] + " loop"
			case inLoop[target]:
				return nil, fmt.Errorf("%s: %s jumps into the middle of the loop, which the listing has no label for", function, text)
			default:
				text = m[1] + " exit"
			}
		}
		listing = append(listing, text)
	}
	return listing, nil
}
