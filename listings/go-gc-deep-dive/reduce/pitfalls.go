package reduce

import (
	"io"
	"strconv"
	"sync"
)

// ANCHOR: slice-value
// slicePool stores []byte values. Each Put converts a slice header to an
// `any`, and that conversion allocates (staticcheck reports it as SA6002).
var slicePool = sync.Pool{New: func() any { return make([]byte, 0, 4<<10) }}

// WriteCSVSliceValue is WriteCSV with that mistake.
func WriteCSVSliceValue(w io.Writer, lines []Line) error {
	buf := AppendCSV(slicePool.Get().([]byte)[:0], lines)
	_, err := w.Write(buf)
	slicePool.Put(buf) // allocates 24 bytes for the slice header
	return err
}

// ANCHOR_END: slice-value

// ANCHOR: stack
// CacheKey builds "id:region". The scratch array does not escape, so it
// lives on the stack; the only allocation is the returned string.
func CacheKey(id int64, region string) string {
	var scratch [64]byte
	b := strconv.AppendInt(scratch[:0], id, 10)
	b = append(b, ':')
	b = append(b, region...)
	return string(b)
}

var keyScratch = sync.Pool{New: func() any { return new([64]byte) }}

// CacheKeyPooled is the same with a pooled scratch array: it still
// allocates the string, and it pays for Get and Put on top.
func CacheKeyPooled(id int64, region string) string {
	scratch := keyScratch.Get().(*[64]byte)
	b := strconv.AppendInt(scratch[:0], id, 10)
	b = append(b, ':')
	b = append(b, region...)
	key := string(b)
	keyScratch.Put(scratch)
	return key
}

// ANCHOR_END: stack

// ANCHOR: unbounded
// uncapped puts every buffer back, whatever its size.
var uncapped = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// WriteCSVUncapped is WriteCSV without the size check: after one huge
// response, every later small response reuses, and so keeps alive, the
// huge buffer.
func WriteCSVUncapped(w io.Writer, lines []Line) error {
	bp := uncapped.Get().(*[]byte)
	*bp = AppendCSV((*bp)[:0], lines)
	_, err := w.Write(*bp)
	uncapped.Put(bp)
	return err
}

// ANCHOR_END: unbounded

// PooledCapacities reports the capacity of the buffer the next call of
// WriteCSV and of WriteCSVUncapped would get from its pool. It takes the
// buffer and puts it straight back.
func PooledCapacities() (capped, unbounded int) {
	bp := buffers.Get().(*[]byte)
	capped = cap(*bp)
	buffers.Put(bp)
	up := uncapped.Get().(*[]byte)
	unbounded = cap(*up)
	uncapped.Put(up)
	return capped, unbounded
}
