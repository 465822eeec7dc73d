// Package sizeclass reads the Go runtime's table of allocation size classes from the toolchain's
// own source and answers how many bytes the heap gives an object of a given size.
package sizeclass

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// File is where Go 1.26 keeps the generated table, relative to GOROOT (earlier releases kept it
// in src/runtime/sizeclasses.go, without the "min align" column this parser expects).
const File = "src/internal/runtime/gc/sizeclasses.go"

// These mirror the runtime's constants (internal/runtime/gc/malloc.go and sizeclasses.go) for
// 64-bit platforms; the tests check them against the measured heap.
const (
	maxSmallSize     = 32768
	pageSize         = 8192
	mallocHeaderSize = 8
	// Objects with pointers above this size carry a malloc header (exclusive bound).
	minSizeForMallocHeader = 8 * 64
)

// Class is one row of the table.
type Class struct {
	Class, Bytes, SpanBytes, Objects, TailWaste int
	MaxWaste                                    string
}

// Table is the list of size classes, smallest first.
type Table []Class

var row = regexp.MustCompile(`^//\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+\.\d+%)\s+(\d+)$`)

// Load reads the table from the GOROOT of the go command on the PATH (`go test` and `go run` put
// their own toolchain's first).
func Load() (Table, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %v", err)
	}
	return Parse(filepath.Join(strings.TrimSpace(string(out)), File))
}

// Parse reads the comment table at the top of a sizeclasses.go file.
func Parse(path string) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var t Table
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		m := row.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		n := make([]int, 5)
		for i := range n {
			n[i], _ = strconv.Atoi(m[i+1]) // the pattern admits digits only
		}
		if n[0] != len(t)+1 {
			return nil, fmt.Errorf("%s:%d: expected size class %d, found %d", path, line, len(t)+1, n[0])
		}
		t = append(t, Class{Class: n[0], Bytes: n[1], SpanBytes: n[2], Objects: n[3], TailWaste: n[4], MaxWaste: m[6]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t) == 0 || t[len(t)-1].Bytes != maxSmallSize {
		return nil, fmt.Errorf("%s: expected a size class table ending at %d bytes, found %d rows", path, maxSmallSize, len(t))
	}
	return t, nil
}

// ANCHOR: objectsize
// ObjectSize is what one heap allocation of size bytes occupies on a 64-bit platform, following
// mallocgc: objects above 32 KiB less 8 bytes take whole 8 KiB pages; an object with pointers
// larger than 512 bytes gets an 8-byte malloc header; then the smallest class that holds it.
func (t Table) ObjectSize(size int, hasPointers bool) int {
	if size > maxSmallSize-mallocHeaderSize {
		return (size + pageSize - 1) / pageSize * pageSize
	}
	if hasPointers && size > minSizeForMallocHeader {
		size += mallocHeaderSize
	}
	for _, c := range t {
		if size <= c.Bytes {
			return c.Bytes
		}
	}
	panic(fmt.Sprintf("sizeclass: no class holds %d bytes", size)) // unreachable: the last class is 32768
}

// ANCHOR_END: objectsize
