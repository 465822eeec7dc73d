package sizeclass

import "testing"

func TestLoadReadsTheToolchainTable(t *testing.T) {
	table, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// Go 1.26 has 67 classes; the first few and the 512-byte class anchor the rest.
	if len(table) != 67 {
		t.Errorf("classes: want 67, got %d", len(table))
	}
	for _, want := range []Class{{1, 8, 8192, 1024, 0, "87.50%"}, {5, 48, 8192, 170, 32, "31.52%"}, {26, 512, 8192, 16, 0, "6.05%"}} {
		if got := table[want.Class-1]; got != want {
			t.Errorf("class %d: want %+v, got %+v", want.Class, want, got)
		}
	}
}

func TestObjectSize(t *testing.T) {
	table, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		size     int
		pointers bool
		want     int
	}{
		{1, false, 8}, {40, false, 48}, {48, true, 48}, {49, true, 64},
		{512, false, 512}, {512, true, 512}, {513, false, 576}, {513, true, 576},
		{576, false, 576}, {576, true, 640}, {32760, true, 32768}, {32760, false, 32768},
		{32761, false, 32768}, {32769, false, 40960}, {40000, true, 40960},
	} {
		if got := table.ObjectSize(c.size, c.pointers); got != c.want {
			t.Errorf("ObjectSize(%d, pointers=%v): want %d, got %d", c.size, c.pointers, c.want, got)
		}
	}
}
