package errs

import (
	"errors"
	"fmt"
)

// ANCHOR: example
func ExampleRetryableError() {
	err := ReserveBike(42)

	// Up to Go 1.25: declare a variable of the type, pass a pointer to it.
	var busy *RetryableError
	if errors.As(err, &busy) {
		fmt.Println("As:    ", busy.Service, "after", busy.After)
	}

	// Go 1.26: the type is a type argument; the result lives in the if.
	if busy, ok := errors.AsType[*RetryableError](err); ok {
		fmt.Println("AsType:", busy.Service, "after", busy.After)
	}

	fmt.Println(err)
	// Output:
	// As:     inventory after 2s
	// AsType: inventory after 2s
	// reserve a bike at station 42: inventory is busy: retry after 2s
}

// ANCHOR_END: example
