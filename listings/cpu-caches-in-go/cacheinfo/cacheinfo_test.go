package cacheinfo_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"playbook.example/cpu-caches-in-go/cacheinfo"
)

// sysfs builds a fake /sys/devices/system/cpu with the given index folders for cpu0.
func sysfs(indexes map[string]map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for index, files := range indexes {
		for name, value := range files {
			fsys["cpu0/cache/"+index+"/"+name] = &fstest.MapFile{Data: []byte(value + "\n")}
		}
	}
	return fsys
}

func cacheFiles(level, kind, size, line, ways, sets, shared string) map[string]string {
	return map[string]string{
		"level": level, "type": kind, "size": size, "coherency_line_size": line,
		"ways_of_associativity": ways, "number_of_sets": sets, "shared_cpu_list": shared,
	}
}

func TestReadOrdersIndexesNumerically(t *testing.T) {
	indexes := map[string]map[string]string{}
	for n := range 11 {
		indexes[fmt.Sprintf("index%d", n)] = cacheFiles("1", "Data", fmt.Sprintf("%dK", n+1), "64", "1", "1", "0")
	}
	caches, err := cacheinfo.Read(sysfs(indexes), 0)
	if err != nil {
		t.Fatal(err)
	}
	for n, c := range caches {
		if want := int64(n+1) << 10; c.SizeBytes != want {
			t.Errorf("cache %d: size %d, want %d (index%d)", n, c.SizeBytes, want, n)
		}
	}
}

func TestReadNamesTheFileAndTheValue(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"size without unit", cacheFiles("1", "Data", "49152", "64", "12", "64", "0"),
			`cpu0/cache/index0/size: expected a size in kibibytes such as 48K, found "49152"`},
		{"words for a number", cacheFiles("two", "Unified", "1024K", "64", "16", "1024", "0"),
			`cpu0/cache/index0/level: expected a positive whole number, found "two"`},
		{"zero line size", cacheFiles("2", "Unified", "1024K", "0", "16", "1024", "0"),
			`cpu0/cache/index0/coherency_line_size: expected a positive whole number, found "0"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cacheinfo.Read(sysfs(map[string]map[string]string{"index0": tc.files}), 0)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
		})
	}

	files := cacheFiles("1", "Data", "48K", "64", "12", "64", "0")
	delete(files, "number_of_sets")
	_, err := cacheinfo.Read(sysfs(map[string]map[string]string{"index0": files}), 0)
	if err == nil || !strings.Contains(err.Error(), "cpu0/cache/index0/number_of_sets") {
		t.Fatalf("missing file: error %v, want one naming cpu0/cache/index0/number_of_sets", err)
	}

	_, err = cacheinfo.Read(fstest.MapFS{"cpu0/cache/uevent": {}}, 0)
	if err == nil || !strings.Contains(err.Error(), "expected index<N> folders, found none") {
		t.Fatalf("no index folders: error %v", err)
	}
}

func TestFits(t *testing.T) {
	caches := []cacheinfo.Cache{
		{Level: 3, Type: "Unified", SizeBytes: 32 << 20},
		{Level: 1, Type: "Instruction", SizeBytes: 32 << 10},
		{Level: 1, Type: "Data", SizeBytes: 48 << 10},
		{Level: 2, Type: "Unified", SizeBytes: 1 << 20},
	}
	for _, tc := range []struct {
		size int64
		want string
	}{
		{32 << 10, "L1d"}, {48 << 10, "L1d"}, {64 << 10, "L2"}, {1 << 20, "L2"},
		{2 << 20, "L3"}, {32 << 20, "L3"}, {64 << 20, "memory"},
	} {
		if got := cacheinfo.Fits(caches, tc.size); got != tc.want {
			t.Errorf("Fits(%s) = %s, want %s", cacheinfo.FormatBytes(tc.size), got, tc.want)
		}
	}
}

// TestThisMachine reads the real sysfs: on Linux the kernel must describe at
// least a level 1 data cache with a line size.
func TestThisMachine(t *testing.T) {
	if _, err := os.Stat("/sys/devices/system/cpu/cpu0/cache"); err != nil {
		t.Skipf("no cache description in sysfs here: %v", err)
	}
	caches, err := cacheinfo.Read(os.DirFS("/sys/devices/system/cpu"), 0)
	if err != nil {
		t.Fatal(err)
	}
	data := cacheinfo.DataCaches(caches)
	if len(data) == 0 || data[0].Level != 1 || data[0].LineBytes <= 0 {
		t.Fatalf("want a level 1 data cache with a line size first, found %+v", data)
	}
}

func TestFormatAndParseBytes(t *testing.T) {
	for _, n := range []int64{64, 1000, 16 << 10, 48 << 10, 1 << 20, 256 << 20, 2 << 30} {
		text := cacheinfo.FormatBytes(n)
		for _, form := range []string{text, strings.ReplaceAll(text, " ", "")} {
			back, err := cacheinfo.ParseBytes(form)
			if err != nil || back != n {
				t.Errorf("ParseBytes(%q) = %d, %v; want %d", form, back, err, n)
			}
		}
	}
	for _, bad := range []string{"", "16", "16 kB", "-1KiB", "KiB"} {
		if _, err := cacheinfo.ParseBytes(bad); err == nil {
			t.Errorf("ParseBytes(%q): no error", bad)
		}
	}
}
