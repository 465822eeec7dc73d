package scratch

import (
	"bytes"
	"hash/crc32"
	"os/exec"
	"strings"
	"testing"
)

var upload = bytes.Repeat([]byte("0123456789abcdef"), 4<<10) // 64 KiB

func TestSameChecksum(t *testing.T) {
	want := crc32.ChecksumIEEE(upload)
	for name, f := range map[string]func(*bytes.Reader) (uint32, error){
		"Fresh":  func(r *bytes.Reader) (uint32, error) { return Fresh(r) },
		"Pooled": func(r *bytes.Reader) (uint32, error) { return Pooled(r) },
	} {
		if got, err := f(bytes.NewReader(upload)); err != nil || got != want {
			t.Errorf("%s = %08x, %v; want %08x", name, got, err, want)
		}
	}
}

// ANCHOR: allocs
func TestPooledDoesNotAllocate(t *testing.T) {
	if raceDetector {
		// Under -race, sync.Pool drops one Put in four at random (sync/pool.go), on purpose, so
		// the count is taken by this test in a build without the race detector.
		countWithoutRace(t)
		return
	}
	Pooled(bytes.NewReader(upload)) // the pool's first buffer
	r := bytes.NewReader(upload)
	allocs := testing.AllocsPerRun(100, func() {
		r.Reset(upload)
		if _, err := Pooled(r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Pooled allocated %v times per call, want 0", allocs)
	}
}

// ANCHOR_END: allocs

// countWithoutRace runs TestPooledDoesNotAllocate in a test binary built without -race.
func countWithoutRace(t *testing.T) {
	out, err := exec.Command("go", "test", "-count=1", "-v", "-run", "^TestPooledDoesNotAllocate$", ".").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPooledDoesNotAllocate") {
		t.Fatalf("TestPooledDoesNotAllocate without -race: expected it to pass, found (%v):\n%s", err, out)
	}
}

func BenchmarkChecksum(b *testing.B) {
	for name, f := range map[string]func(*bytes.Reader) (uint32, error){
		"buffer=fresh":  func(r *bytes.Reader) (uint32, error) { return Fresh(r) },
		"buffer=pooled": func(r *bytes.Reader) (uint32, error) { return Pooled(r) },
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(upload)))
			b.RunParallel(func(pb *testing.PB) {
				r := bytes.NewReader(upload)
				for pb.Next() {
					r.Reset(upload)
					if _, err := f(r); err != nil {
						b.Error(err)
					}
				}
			})
		})
	}
}
