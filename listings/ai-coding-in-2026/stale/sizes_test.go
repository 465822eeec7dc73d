package stale

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// TestBodySizes is the test both versions share, and both pass it.
func TestBodySizes(t *testing.T) {
	broken := errors.New("connection reset")
	sizes, err := BodySizes([]io.Reader{
		strings.NewReader("hello"),
		strings.NewReader(""),
		iotest.ErrReader(broken),
		strings.NewReader(strings.Repeat("x", 70_000)),
	})
	if want := []int{5, 0, 0, 70_000}; !slices.Equal(sizes, want) {
		t.Errorf("sizes = %v, want %v", sizes, want)
	}
	if !errors.Is(err, broken) {
		t.Errorf("error = %v, want one that wraps %v", err, broken)
	}
}
