// Package reduce renders a list of order lines as CSV four ways, from the
// version that allocates per field to the one that allocates nothing, so
// that benchmarks and testing.AllocsPerRun can show what each step saves.
package reduce

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// Line is one line of an order.
type Line struct {
	SKU        string
	Quantity   int
	PriceCents int64
}

// ANCHOR: naive
// RenderNaive is how the code first looked: a string per line from
// fmt.Sprintf, a slice grown by append, then a join and a conversion.
func RenderNaive(lines []Line) []byte {
	var rows []string
	for _, l := range lines {
		rows = append(rows, fmt.Sprintf("%s,%d,%d", l.SKU, l.Quantity, l.PriceCents))
	}
	return []byte(strings.Join(rows, "\n") + "\n")
}

// ANCHOR_END: naive

// ANCHOR: append
// AppendCSV appends the CSV rows to dst and returns the extended slice,
// the shape of strconv.AppendInt: the caller decides where the bytes live.
func AppendCSV(dst []byte, lines []Line) []byte {
	for _, l := range lines {
		dst = append(dst, l.SKU...)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(l.Quantity), 10)
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, l.PriceCents, 10)
		dst = append(dst, '\n')
	}
	return dst
}

// RenderPrealloc sizes the buffer once, so append never has to grow it.
func RenderPrealloc(lines []Line) []byte {
	return AppendCSV(make([]byte, 0, sizeCSV(lines)), lines)
}

// sizeCSV is an upper bound of the rendered size: each integer takes at
// most 20 bytes, plus two commas and a newline.
func sizeCSV(lines []Line) int {
	n := 0
	for _, l := range lines {
		n += len(l.SKU) + 2*20 + 3
	}
	return n
}

// ANCHOR_END: append

// ANCHOR: pool
// maxPooled is the largest buffer worth keeping. Larger ones are left to
// the collector so that one huge response does not pin its buffer in the
// pool for good (the rule fmt follows, see go.dev/issue/23199).
const maxPooled = 64 << 10

// buffers holds *[]byte, not []byte: putting a slice value into an `any`
// would allocate a slice header on every Put.
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// WriteCSV renders into a pooled buffer and writes it to w. The bytes do
// not outlive the call, which is what makes reusing the buffer safe.
func WriteCSV(w io.Writer, lines []Line) error {
	bp := buffers.Get().(*[]byte)
	buf := AppendCSV((*bp)[:0], lines)
	_, err := w.Write(buf)
	if cap(buf) <= maxPooled {
		*bp = buf
		buffers.Put(bp)
	}
	return err
}

// ANCHOR_END: pool
