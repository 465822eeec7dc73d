// Package scratch is the case where sync.Pool pays: a large buffer that every request needs for
// a moment and nobody keeps.
package scratch

import (
	"hash/crc32"
	"io"
	"sync"
)

// BufferSize is the copy buffer of a handler that streams uploads, 64 KiB.
const BufferSize = 64 << 10

// ANCHOR: scratch
// Fresh checksums r through a buffer it allocates for the call.
func Fresh(r io.Reader) (uint32, error) {
	buf := make([]byte, BufferSize)
	return checksum(r, buf)
}

var buffers = sync.Pool{New: func() any { return new([BufferSize]byte) }}

// Pooled checksums r through a buffer it borrows from a pool and returns. The pool holds
// pointers to arrays: putting a slice header in an interface would allocate on every Put.
func Pooled(r io.Reader) (uint32, error) {
	buf := buffers.Get().(*[BufferSize]byte)
	defer buffers.Put(buf)
	return checksum(r, buf[:])
}

// ANCHOR_END: scratch

// checksum reads r to its end through buf and returns the IEEE CRC-32 of what it read.
func checksum(r io.Reader, buf []byte) (uint32, error) {
	var sum uint32
	for {
		n, err := r.Read(buf)
		sum = crc32.Update(sum, crc32.IEEETable, buf[:n])
		if err == io.EOF {
			return sum, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
