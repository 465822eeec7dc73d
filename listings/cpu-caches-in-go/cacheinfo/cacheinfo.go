// Package cacheinfo reads the CPU caches that Linux describes in sysfs, under
// /sys/devices/system/cpu/cpu<N>/cache/index<M>/, one folder per cache.
package cacheinfo

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ANCHOR: cache
// Cache is one cache as the kernel reports it for one CPU.
type Cache struct {
	Level      int    // 1, 2, 3: distance from the core
	Type       string // "Data", "Instruction" or "Unified"
	SizeBytes  int64
	LineBytes  int    // coherency_line_size: the unit the cache moves
	Ways       int    // ways_of_associativity
	Sets       int    // number_of_sets
	SharedWith string // shared_cpu_list: the CPUs that share this cache
}

// ANCHOR_END: cache

var indexFolder = regexp.MustCompile(`^index([0-9]{1,6})$`)

// Read returns the caches of one CPU, in the kernel's index order. cpus is
// the folder /sys/devices/system/cpu (as an fs.FS, so tests can pass another).
func Read(cpus fs.FS, cpu int) ([]Cache, error) {
	folder := fmt.Sprintf("cpu%d/cache", cpu)
	entries, err := fs.ReadDir(cpus, folder)
	if err != nil {
		return nil, fmt.Errorf("cacheinfo: %w", err)
	}
	var indexes []int
	for _, entry := range entries {
		if match := indexFolder.FindStringSubmatch(entry.Name()); entry.IsDir() && match != nil {
			n, _ := strconv.Atoi(match[1]) // the pattern admits digits only
			indexes = append(indexes, n)
		}
	}
	if len(indexes) == 0 {
		return nil, fmt.Errorf("cacheinfo: %s: expected index<N> folders, found none", folder)
	}
	slices.Sort(indexes) // index10 comes after index9, not after index1
	caches := make([]Cache, 0, len(indexes))
	for _, index := range indexes {
		c, err := readIndex(cpus, fmt.Sprintf("%s/index%d", folder, index))
		if err != nil {
			return nil, err
		}
		caches = append(caches, c)
	}
	return caches, nil
}

// fields reads the small text files of one index folder, each trimmed.
type fields struct {
	cpus   fs.FS
	folder string
	err    error
}

func (f *fields) text(name string) string {
	if f.err != nil {
		return ""
	}
	data, err := fs.ReadFile(f.cpus, path.Join(f.folder, name))
	if err != nil {
		f.err = fmt.Errorf("cacheinfo: %w", err)
		return ""
	}
	return strings.TrimSpace(string(data))
}

func (f *fields) number(name string) int {
	value := f.text(name)
	if f.err != nil {
		return 0
	}
	n, err := strconv.Atoi(value)
	if err != nil || n <= 0 {
		f.err = fmt.Errorf("cacheinfo: %s: expected a positive whole number, found %q",
			path.Join(f.folder, name), value)
	}
	return n
}

func readIndex(cpus fs.FS, folder string) (Cache, error) {
	f := &fields{cpus: cpus, folder: folder}
	c := Cache{
		Level:      f.number("level"),
		Type:       f.text("type"),
		LineBytes:  f.number("coherency_line_size"),
		Ways:       f.number("ways_of_associativity"),
		Sets:       f.number("number_of_sets"),
		SharedWith: f.text("shared_cpu_list"),
	}
	size := f.text("size")
	if f.err != nil {
		return Cache{}, f.err
	}
	bytes, err := ParseSize(size)
	if err != nil {
		return Cache{}, fmt.Errorf("cacheinfo: %s: %w", path.Join(folder, "size"), err)
	}
	c.SizeBytes = bytes
	return c, nil
}

// ParseSize reads a size as the kernel writes it in sysfs: kibibytes with a
// "K" suffix, such as "48K".
func ParseSize(text string) (int64, error) {
	digits, ok := strings.CutSuffix(text, "K")
	n, err := strconv.ParseInt(digits, 10, 64)
	if !ok || err != nil || n <= 0 {
		return 0, fmt.Errorf("expected a size in kibibytes such as 48K, found %q", text)
	}
	return n << 10, nil
}

// Geometry is ways × sets × line size: what the size must be if the three
// figures describe the cache completely.
func (c Cache) Geometry() int64 {
	return int64(c.Ways) * int64(c.Sets) * int64(c.LineBytes)
}

// Name is the short name tools such as lscpu use: L1d, L1i, L2, L3.
func (c Cache) Name() string {
	switch c.Type {
	case "Data":
		return fmt.Sprintf("L%dd", c.Level)
	case "Instruction":
		return fmt.Sprintf("L%di", c.Level)
	}
	return fmt.Sprintf("L%d", c.Level)
}

// DataCaches are the caches a load can hit, innermost first: the data and
// unified caches, without the instruction caches.
func DataCaches(caches []Cache) []Cache {
	var data []Cache
	for _, c := range caches {
		if c.Type != "Instruction" {
			data = append(data, c)
		}
	}
	slices.SortStableFunc(data, func(a, b Cache) int { return a.Level - b.Level })
	return data
}

// Fits names the innermost data cache that holds a working set of the given
// size, or "memory" when none does.
func Fits(caches []Cache, workingSet int64) string {
	for _, c := range DataCaches(caches) {
		if workingSet <= c.SizeBytes {
			return c.Name()
		}
	}
	return "memory"
}

// FormatBytes writes a size in the largest binary unit that divides it.
func FormatBytes(n int64) string {
	for _, unit := range []struct {
		name  string
		bytes int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= unit.bytes && n%unit.bytes == 0 {
			return fmt.Sprintf("%d %s", n/unit.bytes, unit.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}

// ParseBytes reads what FormatBytes writes, with or without the space:
// "16 KiB", "16KiB", "1MiB", "64 B".
func ParseBytes(text string) (int64, error) {
	for _, unit := range []struct {
		name  string
		shift uint
	}{{"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}} {
		if digits, ok := strings.CutSuffix(text, unit.name); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(digits), 10, 64)
			if err != nil || n < 0 {
				break
			}
			return n << unit.shift, nil
		}
	}
	return 0, fmt.Errorf("expected a size such as 16KiB, 1MiB or 64B, found %q", text)
}
