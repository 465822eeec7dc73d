package orders_test

import (
	"encoding/json"
	"fmt"
	"time"

	"playbook.example/api-contract/orders"
)

// ANCHOR: timestamps
// Three creation times: time.Time's JSON drops the trailing zeros of the fraction, all of it on a
// whole second, so the string's length depends on the value; Timestamp keeps one shape.
func ExampleTimestamp() {
	for _, t := range []time.Time{
		time.Date(2026, 12, 3, 9, 30, 0, 0, time.UTC),
		time.Date(2026, 12, 3, 9, 30, 0, 123_450_000, time.UTC),
		time.Date(2026, 12, 3, 9, 30, 0, 250_000_000, time.FixedZone("CET", 3600)),
	} {
		plain, _ := json.Marshal(t)
		fixed, _ := json.Marshal(orders.Timestamp(t))
		fmt.Printf("time.Time %-36s Timestamp %s\n", plain, fixed)
	}
	// Output:
	// time.Time "2026-12-03T09:30:00Z"               Timestamp "2026-12-03T09:30:00.000000Z"
	// time.Time "2026-12-03T09:30:00.12345Z"         Timestamp "2026-12-03T09:30:00.123450Z"
	// time.Time "2026-12-03T09:30:00.25+01:00"       Timestamp "2026-12-03T08:30:00.250000Z"
}

// ANCHOR_END: timestamps
