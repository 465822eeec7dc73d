package traversal

import (
	"fmt"
	"testing"

	"playbook.example/cpu-caches-in-go/internal/cputime"
)

func TestBothOrdersVisitEveryCell(t *testing.T) {
	for _, n := range []int{1, 3, 64, 257} {
		m := NewMatrix(n)
		var want int64
		for k := range n * n {
			want += int64(k % 1000)
		}
		if got := m.SumRowMajor(); got != want {
			t.Errorf("n=%d: row-major sum %d, want %d", n, got, want)
		}
		if got := m.SumColumnMajor(); got != want {
			t.Errorf("n=%d: column-major sum %d, want %d", n, got, want)
		}
	}
}

// ANCHOR: bench
// BenchmarkSum sums a matrix that fits in L2 (250×250, 488 KiB) and one far
// larger than L3 (4000×4000, 122 MiB) in both orders; benchstat -col /order
// compares them.
func BenchmarkSum(b *testing.B) {
	for _, n := range []int{250, 4000} {
		m := NewMatrix(n)
		for _, order := range []struct {
			name string
			sum  func() int64
		}{{"row", m.SumRowMajor}, {"column", m.SumColumnMajor}} {
			b.Run(fmt.Sprintf("n=%d/order=%s", n, order.name), func(b *testing.B) {
				start := cputime.Start(b)
				for b.Loop() {
					order.sum()
				}
				cputime.Report(b, start, n*n, "cell")
			})
		}
	}
}

// ANCHOR_END: bench

// ANCHOR: stride
// BenchmarkColumnStride walks the columns of two matrices that fit in L3: one
// with rows of 1000 cells, and one with rows of 1024, so that one step down a
// column is 8 KiB, a power of two. Per cell, the two sizes are comparable.
func BenchmarkColumnStride(b *testing.B) {
	for _, n := range []int{1000, 1024} {
		m := NewMatrix(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			start := cputime.Start(b)
			for b.Loop() {
				m.SumColumnMajor()
			}
			cputime.Report(b, start, n*n, "cell")
		})
	}
}

// ANCHOR_END: stride
