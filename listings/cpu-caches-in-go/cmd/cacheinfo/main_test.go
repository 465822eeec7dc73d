package main

import (
	"strings"
	"testing"
	"testing/fstest"
)

func file(text string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(text)} }

// A machine with a 32 KiB L1d and a 256 KiB L2, described as Linux does.
func fakeMachine() fstest.MapFS {
	root := fstest.MapFS{
		"proc/cpuinfo": file("processor\t: 0\nvendor_id\t: GenuineExample\ncpu family\t: 6\nmodel\t\t: 85\n" +
			"model name\t: Example CPU @ 2.00GHz\nflags\t\t: fpu sse2\n\nprocessor\t: 1\nmodel name\t: Example CPU @ 2.00GHz\n"),
		"sys/kernel/mm/transparent_hugepage/enabled": file("[always] madvise never\n"),
	}
	for index, values := range map[string][7]string{
		"index0": {"1", "Data", "32K", "64", "8", "64", "0"},
		"index1": {"2", "Unified", "256K", "64", "4", "1024", "0-1"},
	} {
		for n, name := range []string{"level", "type", "size", "coherency_line_size", "ways_of_associativity", "number_of_sets", "shared_cpu_list"} {
			root["sys/devices/system/cpu/cpu0/cache/"+index+"/"+name] = file(values[n] + "\n")
		}
	}
	return root
}

func TestRunPrintsTheMachine(t *testing.T) {
	var out strings.Builder
	if err := run(&out, fakeMachine(), build{"amd64", 64, 4096}); err != nil {
		t.Fatal(err)
	}
	want := `CPU (/proc/cpuinfo): Example CPU @ 2.00GHz, vendor GenuineExample, family 6, model 85; 2 logical CPUs
caches of cpu0 (/sys/devices/system/cpu/cpu0/cache/index*/):
name  type     size     line  ways  sets  ways×sets×line  shared by CPUs
L1d   Data     32 KiB   64 B  8     64    32 KiB          0
L2    Unified  256 KiB  64 B  4     1024  256 KiB         0-1
golang.org/x/sys/cpu.CacheLinePad: 64 bytes (GOARCH=amd64)
page size: 4096 bytes; /sys/kernel/mm/transparent_hugepage/enabled: [always] madvise never
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestRunNamesWhatIsMissing(t *testing.T) {
	root := fakeMachine()
	root["proc/cpuinfo"] = file("flags\t: fpu\n")
	err := run(&strings.Builder{}, root, build{"amd64", 64, 4096})
	if err == nil || !strings.Contains(err.Error(), "/proc/cpuinfo: expected processor and model name lines, found 0 processors") {
		t.Fatalf("error %v", err)
	}
}
