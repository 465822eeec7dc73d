// Package traversal sums a matrix stored row by row, in two orders: along the
// rows, as it lies in memory, and down the columns, across it.
package traversal

// ANCHOR: matrix
// Matrix is an n×n matrix of int64 in one slice, row after row: cell (i, j)
// is at index i*n + j, so the 8 cells of a 64-byte line are one row's
// neighbours, and the next cell down a column is n*8 bytes further on.
type Matrix struct {
	n     int
	cells []int64
}

func NewMatrix(n int) Matrix {
	m := Matrix{n: n, cells: make([]int64, n*n)}
	for k := range m.cells {
		m.cells[k] = int64(k % 1000)
	}
	return m
}

// SumRowMajor visits the cells in the order they are stored.
func (m Matrix) SumRowMajor() int64 {
	var sum int64
	for i := range m.n {
		row := m.cells[i*m.n : (i+1)*m.n]
		for _, v := range row {
			sum += v
		}
	}
	return sum
}

// SumColumnMajor visits the same cells column by column: every step jumps
// a whole row ahead.
func (m Matrix) SumColumnMajor() int64 {
	var sum int64
	for j := range m.n {
		for i := range m.n {
			sum += m.cells[i*m.n+j]
		}
	}
	return sum
}

// ANCHOR_END: matrix
