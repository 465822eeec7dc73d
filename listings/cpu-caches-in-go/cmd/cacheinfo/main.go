// Command cacheinfo prints what this machine says about its CPU caches: the
// model from /proc/cpuinfo, each cache of cpu0 from sysfs, the size of
// golang.org/x/sys/cpu.CacheLinePad for this build, and the page settings.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"unsafe"

	"golang.org/x/sys/cpu"

	"playbook.example/cpu-caches-in-go/cacheinfo"
)

// build holds what comes from the compiled program rather than the machine.
type build struct {
	goarch    string
	padBytes  uintptr
	pageBytes int
}

func main() {
	this := build{runtime.GOARCH, unsafe.Sizeof(cpu.CacheLinePad{}), os.Getpagesize()}
	if err := run(os.Stdout, os.DirFS("/"), this); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

const (
	cpuinfoPath = "proc/cpuinfo"
	cpusPath    = "sys/devices/system/cpu"
	hugePath    = "sys/kernel/mm/transparent_hugepage/enabled"
)

// ANCHOR: run
func run(w io.Writer, root fs.FS, b build) error {
	model, logical, err := cpuModel(root)
	if err != nil {
		return err
	}
	cpus, err := fs.Sub(root, cpusPath)
	if err != nil {
		return err
	}
	caches, err := cacheinfo.Read(cpus, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "CPU (/%s): %s; %d logical CPUs\n", cpuinfoPath, model, logical)
	fmt.Fprintf(w, "caches of cpu0 (/%s/cpu0/cache/index*/):\n", cpusPath)
	table := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(table, "name\ttype\tsize\tline\tways\tsets\tways×sets×line\tshared by CPUs")
	for _, c := range caches {
		fmt.Fprintf(table, "%s\t%s\t%s\t%d B\t%d\t%d\t%s\t%s\n", c.Name(), c.Type,
			cacheinfo.FormatBytes(c.SizeBytes), c.LineBytes, c.Ways, c.Sets,
			cacheinfo.FormatBytes(c.Geometry()), c.SharedWith)
	}
	if err := table.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "golang.org/x/sys/cpu.CacheLinePad: %d bytes (GOARCH=%s)\n", b.padBytes, b.goarch)
	huge, err := fs.ReadFile(root, hugePath)
	if err != nil {
		return fmt.Errorf("cacheinfo: %w", err)
	}
	fmt.Fprintf(w, "page size: %d bytes; /%s: %s\n", b.pageBytes, hugePath, bytes.TrimSpace(huge))
	return nil
}

// ANCHOR_END: run

// cpuModel returns the first processor's model line of /proc/cpuinfo, with its
// family and model numbers, and how many processors the file lists.
func cpuModel(root fs.FS) (string, int, error) {
	data, err := fs.ReadFile(root, cpuinfoPath)
	if err != nil {
		return "", 0, fmt.Errorf("cacheinfo: %w", err)
	}
	first := map[string]string{}
	logical := 0
	scanner := bufio.NewScanner(bytes.NewReader(data))
	scanner.Buffer(nil, 1<<20) // the flags line is long
	for scanner.Scan() {
		key, value, ok := strings.Cut(scanner.Text(), ":")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		if !ok {
			continue
		}
		if key == "processor" {
			logical++
		}
		if _, seen := first[key]; !seen {
			first[key] = value
		}
	}
	if err := scanner.Err(); err != nil {
		return "", 0, fmt.Errorf("cacheinfo: /%s: %w", cpuinfoPath, err)
	}
	name := first["model name"]
	if logical == 0 || name == "" {
		return "", 0, fmt.Errorf("cacheinfo: /%s: expected processor and model name lines, found %d processors and model name %q",
			cpuinfoPath, logical, name)
	}
	return fmt.Sprintf("%s, vendor %s, family %s, model %s", name, first["vendor_id"], first["cpu family"], first["model"]),
		logical, nil
}
