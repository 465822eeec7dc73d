package passing

import (
	"fmt"
	"testing"
	"unsafe"
)

// BenchmarkBlob runs every benchmark for every size, from 8 bytes to 8 KiB.
func BenchmarkBlob(b *testing.B) {
	benchmarkSize[struct{}](b)
	benchmarkSize[words3](b)
	benchmarkSize[words7](b)
	benchmarkSize[[15]uint64](b)
	benchmarkSize[[31]uint64](b)
	benchmarkSize[[127]uint64](b)
	benchmarkSize[[511]uint64](b)
	benchmarkSize[[1023]uint64](b)
}

// ANCHOR: bench
func benchmarkSize[Pad any](b *testing.B) {
	size := sizeName[Pad]()
	// Return: make a Blob and read its ID. By value the Blob is copied out of MakeBlob and
	// into IDOf; by pointer NewBlob's Blob outlives its frame and is allocated on the heap.
	b.Run("op=Return/size="+size+"/kind=value", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += IDOf(MakeBlob[Pad](1))
		}
		checkSum(b, sum)
	})
	b.Run("op=Return/size="+size+"/kind=pointer", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += IDAt(NewBlob[Pad](1))
		}
		checkSum(b, sum)
	})
	// Pass: read the ID of a Blob that already exists. By value it is copied into IDOf on
	// every call; by pointer only its address is passed.
	existing := MakeBlob[Pad](1)
	b.Run("op=Pass/size="+size+"/kind=value", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += IDOf(existing)
		}
		checkSum(b, sum)
	})
	b.Run("op=Pass/size="+size+"/kind=pointer", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += IDAt(&existing)
		}
		checkSum(b, sum)
	})
	// Inlined: Return again, with functions the compiler may inline.
	b.Run("op=Inlined/size="+size+"/kind=value", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += MakeBlobInlinable[Pad](1).ID
		}
		checkSum(b, sum)
	})
	b.Run("op=Inlined/size="+size+"/kind=pointer", func(b *testing.B) {
		var sum uint64
		for b.Loop() {
			sum += NewBlobInlinable[Pad](1).ID
		}
		checkSum(b, sum)
	})
}

// ANCHOR_END: bench

func checkSum(b *testing.B, sum uint64) {
	b.ReportAllocs()
	if sum != uint64(b.N) { // every Blob has ID 1
		b.Fatalf("expected the IDs to add up to %d, found %d", b.N, sum)
	}
}

// sizeName is the size of a Blob[Pad], such as "64B" or "4KiB".
func sizeName[Pad any]() string {
	n := unsafe.Sizeof(Blob[Pad]{})
	if n >= 1024 && n%1024 == 0 {
		return fmt.Sprintf("%dKiB", n/1024)
	}
	return fmt.Sprintf("%dB", n)
}
