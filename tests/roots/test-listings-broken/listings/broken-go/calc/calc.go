// Package calc does not compile on purpose: the listings runner must name the page that shows it.
package calc

// Double returns twice n.
func Double(n int) int {
	return n * factor // factor is undefined
}
