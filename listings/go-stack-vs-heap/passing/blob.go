// Package passing measures "passing by value is faster than passing by pointer" for structs
// from 8 bytes to 8 KiB: bench_test.go times it and allocs_test.go counts the allocations behind
// the times. cmd/measure records the times; records.toml holds what the post claims about them.
package passing

// ANCHOR: blob
// Blob is a struct of a chosen size: Pad's bytes, then an 8-byte ID.
type Blob[Pad any] struct {
	Pad Pad
	ID  uint64
}

// Pads for Blobs of 32 and 64 bytes. Structs of up to nine words travel in registers on amd64;
// arrays of more than one element never do, so larger Blobs use arrays and go through memory.
type (
	words3 struct{ A, B, C uint64 }
	words7 struct{ A, B, C, D, E, F, G uint64 }
)

// ANCHOR_END: blob

// The functions under test are kept out of line: inlined, the compiler could see that the
// copies are never needed and that the pointers never leave the benchmark loop.

// ANCHOR: functions
// MakeBlob returns a new Blob by value.
//
//go:noinline
func MakeBlob[Pad any](id uint64) Blob[Pad] {
	return Blob[Pad]{ID: id}
}

// NewBlob returns a pointer to a new Blob.
//
//go:noinline
func NewBlob[Pad any](id uint64) *Blob[Pad] {
	return &Blob[Pad]{ID: id}
}

// IDOf reads the ID of a Blob passed by value.
//
//go:noinline
func IDOf[Pad any](b Blob[Pad]) uint64 {
	return b.ID
}

// IDAt reads the ID of a Blob passed by pointer.
//
//go:noinline
func IDAt[Pad any](b *Blob[Pad]) uint64 {
	return b.ID
}

// ANCHOR_END: functions

// ANCHOR: inlinable
// The same constructors without go:noinline. Once they are inlined, a Blob of which
// only the ID is read can disappear, and NewBlobInlinable's pointer no longer outlives
// the caller's frame.
func MakeBlobInlinable[Pad any](id uint64) Blob[Pad] {
	return Blob[Pad]{ID: id}
}

func NewBlobInlinable[Pad any](id uint64) *Blob[Pad] {
	return &Blob[Pad]{ID: id}
}

// ANCHOR_END: inlinable
