package wire_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"playbook.example/just-about-go-time/wire"
)

// ANCHOR: decode
func Example_decode() {
	var in wire.CheckIn
	err := json.Unmarshal([]byte(`{"taken_at": "2026-05-12T09:30:00.123456789+02:00"}`), &in)
	fmt.Println(in.TakenAt.UTC(), err)

	// No offset: RFC 3339 requires one, and so does Go's decoder.
	err = json.Unmarshal([]byte(`{"taken_at": "2026-05-12T09:30:00"}`), &in)
	fmt.Println(err)

	// Output is always RFC 3339 with as many fractional digits as needed.
	out, _ := json.Marshal(time.Date(2026, time.May, 12, 7, 30, 0, 500_000_000, time.UTC))
	fmt.Println(string(out))
	// Output:
	// 2026-05-12 07:30:00.123456789 +0000 UTC <nil>
	// parsing time "2026-05-12T09:30:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"
	// "2026-05-12T07:30:00.5Z"
}

// ANCHOR_END: decode

// ANCHOR: accept-example
func ExampleAccept() {
	serverNow := time.Date(2026, time.May, 12, 7, 30, 5, 0, time.UTC)

	fine, _ := wire.Accept([]byte(`{"device_id":"a","taken_at":"2026-05-12T09:30:00.123456789+02:00"}`), serverNow)
	fmt.Println(fine.TakenAt.Format(time.RFC3339Nano), "skewed:", fine.Skewed)

	// A phone whose owner set its clock a day ahead.
	ahead, _ := wire.Accept([]byte(`{"device_id":"b","taken_at":"2026-05-13T09:30:00+02:00"}`), serverNow)
	fmt.Println(ahead.TakenAt.Format(time.RFC3339Nano), "skewed:", ahead.Skewed)
	// Output:
	// 2026-05-12T07:30:00.123456Z skewed: false
	// 2026-05-13T07:30:00Z skewed: true
}

// ANCHOR_END: accept-example

// ANCHOR: sortable
func ExampleFormatSortable() {
	whole := time.Date(2026, time.May, 12, 7, 30, 0, 0, time.UTC)
	half := whole.Add(500 * time.Millisecond) // later

	nano := []string{half.Format(time.RFC3339Nano), whole.Format(time.RFC3339Nano)}
	slices.Sort(nano)
	fmt.Println("RFC3339Nano sorted:", nano)

	fixed := []string{wire.FormatSortable(half), wire.FormatSortable(whole)}
	slices.Sort(fixed)
	fmt.Println("fixed width sorted:", fixed)
	// Output:
	// RFC3339Nano sorted: [2026-05-12T07:30:00.5Z 2026-05-12T07:30:00Z]
	// fixed width sorted: [2026-05-12T07:30:00.000000Z 2026-05-12T07:30:00.500000Z]
}

// ANCHOR_END: sortable
