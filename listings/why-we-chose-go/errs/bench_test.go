package errs

import (
	"errors"
	"testing"
)

func BenchmarkAs(b *testing.B) {
	err := ReserveBike(7)
	for b.Loop() {
		var busy *RetryableError
		errors.As(err, &busy)
	}
}

func BenchmarkAsType(b *testing.B) {
	err := ReserveBike(7)
	for b.Loop() {
		errors.AsType[*RetryableError](err)
	}
}
