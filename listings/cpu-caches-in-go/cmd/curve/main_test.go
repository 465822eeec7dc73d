package main

import (
	"strings"
	"testing"

	"playbook.example/cpu-caches-in-go/cacheinfo"
)

var caches = []cacheinfo.Cache{
	{Level: 1, Type: "Data", SizeBytes: 32 << 10},
	{Level: 2, Type: "Unified", SizeBytes: 1 << 20},
}

const benchOutput = `goos: linux
goarch: amd64
cpu: Example CPU
BenchmarkChase/size=16KiB/order=random-2      100  65536 ns/op  1.00 cpu-ns/access
BenchmarkChase/size=16KiB/order=sequential-2  100  65536 ns/op  1.00 cpu-ns/access
BenchmarkChase/size=16KiB/order=random-2      100  65536 ns/op  3.00 cpu-ns/access
BenchmarkChase/size=16KiB/order=sequential-2  100  65536 ns/op  1.00 cpu-ns/access
BenchmarkChase/size=16KiB/order=random-2      100  65536 ns/op  1.00 cpu-ns/access
BenchmarkChase/size=16KiB/order=sequential-2  100  65536 ns/op  1.00 cpu-ns/access
BenchmarkChase/size=2MiB/order=random-2       100  65536 ns/op  120 cpu-ns/access
BenchmarkChase/size=2MiB/order=sequential-2   100  65536 ns/op  2.5 cpu-ns/access
BenchmarkChase/size=512KiB/order=random-2     100  65536 ns/op  8.00 cpu-ns/access
BenchmarkChase/size=512KiB/order=sequential-2 100  65536 ns/op  1.25 cpu-ns/access
`

func TestRunPrintsMediansInSizeOrder(t *testing.T) {
	var out strings.Builder
	if err := run(&out, strings.NewReader(benchOutput), "chase.txt", caches); err != nil {
		t.Fatal(err)
	}
	want := `pointer chase, cpu-ns/access over 3 runs; "fits in" from this machine's sysfs (cpu0)
bar: one # per doubling of the fastest random-order time over the fastest working set
working set  fits in  random, fastest  random, median  sequential, median  log scale
16 KiB       L1d      1.00             1.00            1.00                #
512 KiB      L2       8.00             8.00            1.25                ####
2 MiB        memory   120              120             2.50                ########
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestRunNamesTheLineItCannotRead(t *testing.T) {
	for _, tc := range []struct{ input, want string }{
		{"BenchmarkChase/size=lots/order=random-2 100 5 ns/op 1 cpu-ns/access\n",
			`chase.txt:1: "Chase/size=lots/order=random-2": size: expected a size such as 16KiB`},
		{"BenchmarkOther/size=16KiB-2 100 5 ns/op\n",
			`chase.txt:1: expected Chase/size=<size>/order=random|sequential, found "Other/size=16KiB-2"`},
		{"BenchmarkChase/size=16KiB/order=random-2 100 5 ns/op\n",
			`chase.txt:1: expected a cpu-ns/access value, found none`},
		{"BenchmarkChase/size=16KiB/order=random-2 100 5 ns/op 1 cpu-ns/access\n",
			`chase.txt: working set 16 KiB has no sequential-order result`},
		{"PASS\n", "chase.txt: expected BenchmarkChase results, found none"},
	} {
		err := run(&strings.Builder{}, strings.NewReader(tc.input), "chase.txt", caches)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("input %q: error %v, want one containing %q", tc.input, err, tc.want)
		}
	}
}
