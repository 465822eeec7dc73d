package pointerorder

// Mixed has three fields that hold pointers, the largest first. Each has its pointer in its first
// word: the slice has 16 bytes after it, the string 8 and the pointer none.
type Mixed struct {
	List []int
	Name string
	Next *Mixed
}
