package gcstats

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
)

var sink []byte

// setGC sets GOGC and the memory limit for one test and restores the
// previous values, checking that the setters report them.
func setGC(t *testing.T, gogc int, limit int64) {
	t.Helper()
	oldGOGC := debug.SetGCPercent(gogc)
	oldLimit := debug.SetMemoryLimit(limit)
	t.Cleanup(func() {
		if got := debug.SetGCPercent(oldGOGC); got != gogc {
			t.Errorf("SetGCPercent returned %d as the previous value, want %d", got, gogc)
		}
		if got := debug.SetMemoryLimit(oldLimit); got != limit {
			t.Errorf("SetMemoryLimit returned %d as the previous value, want %d", got, limit)
		}
	})
}

func TestReadReportsSettings(t *testing.T) {
	setGC(t, 150, 512<<20)
	s := Read()
	if s.GOGC != 150 || s.MemoryLimit != 512<<20 {
		t.Fatalf("GOGC %d, memory limit %d; want 150 and %d", s.GOGC, s.MemoryLimit, 512<<20)
	}

	setGC(t, -1, math.MaxInt64)
	if s := Read(); s.GOGC != -1 || s.MemoryLimit != math.MaxInt64 {
		t.Fatalf("GOGC=off read as %d, memory limit %d; want -1 and MaxInt64", s.GOGC, s.MemoryLimit)
	}
}

func TestSinceCountsCyclesAndAllocations(t *testing.T) {
	before := Read()
	for range 64 {
		sink = make([]byte, 64<<10)
	}
	runtime.GC()
	d := Read().Since(before)
	if d.Cycles < 1 {
		t.Errorf("cycles %d after runtime.GC, want at least 1", d.Cycles)
	}
	if d.AllocBytes < 64*64<<10 {
		t.Errorf("allocated %d bytes, want at least %d", d.AllocBytes, 64*64<<10)
	}
	if d.GCShare < 0 || d.GCShare > 1 || d.AssistShare > d.GCShare {
		t.Errorf("GC share %.3f, assist share %.3f: want 0 ≤ assist ≤ GC ≤ 1", d.GCShare, d.AssistShare)
	}
}

func TestMappedBytesCoverTheLiveHeap(t *testing.T) {
	keep := make([][]byte, 32)
	for i := range keep {
		keep[i] = make([]byte, 1<<20)
	}
	runtime.GC()
	s := Read()
	if s.LiveBytes < 32<<20 || s.MappedBytes < s.LiveBytes || s.GoalBytes < s.LiveBytes {
		t.Errorf("live %d, mapped %d, goal %d: want 32 MiB ≤ live ≤ mapped and live ≤ goal",
			s.LiveBytes, s.MappedBytes, s.GoalBytes)
	}
	runtime.KeepAlive(keep)
}

func TestWorstGCPause(t *testing.T) {
	runtime.GC()
	total, stopping := WorstGCPause()
	if total <= 0 || stopping < 0 || stopping > total {
		t.Errorf("worst pause %v, stopping %v: want 0 ≤ stopping ≤ total and total > 0 after a collection", total, stopping)
	}
}
