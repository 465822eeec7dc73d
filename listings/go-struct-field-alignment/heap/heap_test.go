//go:build amd64 || arm64

package heap

import (
	"reflect"
	"testing"

	"playbook.example/go-struct-field-alignment/sizeclass"
)

// The heap's measured cost of an object equals the size class that sizeclass.ObjectSize reads
// from the toolchain's table, for objects with and without pointers, on both sides of the
// 512-byte malloc-header bound and of the 32 KiB small-object limit.
func TestMeasuredCostMatchesTheSizeClassTable(t *testing.T) {
	table, err := sizeclass.Load()
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{32760, 32768, 40000}
	for size := 16; size <= 1024; size += 8 { // below 16 bytes, pointer-free objects share tiny blocks
		sizes = append(sizes, size)
	}
	byteType, pointerType := reflect.TypeFor[byte](), reflect.TypeFor[*byte]()
	for _, size := range sizes {
		scalars := reflect.ArrayOf(size, byteType)
		pointers := reflect.StructOf([]reflect.StructField{
			{Name: "P", Type: pointerType},
			{Name: "B", Type: reflect.ArrayOf(size-8, byteType)},
		})
		for _, typ := range []reflect.Type{scalars, pointers} {
			hasPointers := typ == pointers
			want := table.ObjectSize(size, hasPointers)
			n := 1000
			if size > 4096 {
				n = 200
			}
			if got := MeasureType(typ, n).BytesPerObject; got != uint64(want) {
				t.Errorf("%d bytes, pointers=%v: measured %d bytes per object, table says %d", size, hasPointers, got, want)
			}
		}
	}
}
