// Package errs shows errors.AsType (Go 1.26) next to errors.As.
package errs

import (
	"fmt"
	"time"
)

// RetryableError is a dependency's answer that carries what the caller needs:
// how long to wait before trying again.
type RetryableError struct {
	Service string
	After   time.Duration
}

func (e *RetryableError) Error() string {
	return fmt.Sprintf("%s is busy: retry after %v", e.Service, e.After)
}

// ReserveBike stands in for a call to another service that is shedding load;
// the error reaches the caller wrapped, as errors usually do.
func ReserveBike(stationID int) error {
	err := &RetryableError{Service: "inventory", After: 2 * time.Second}
	return fmt.Errorf("reserve a bike at station %d: %w", stationID, err)
}
