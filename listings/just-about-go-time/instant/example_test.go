package instant_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"playbook.example/just-about-go-time/instant"
)

// ANCHOR: equality
func Example_equality() {
	now := time.Now()        // wall clock + monotonic reading
	stripped := now.Round(0) // same instant, no monotonic reading

	fmt.Println("== :", now == stripped)
	fmt.Println("Equal:", now.Equal(stripped))
	fmt.Println("monotonic in String():", strings.Contains(now.String(), "m="),
		strings.Contains(stripped.String(), "m="))

	// A JSON round trip keeps the instant and drops the monotonic reading.
	encoded, _ := json.Marshal(now)
	var decoded time.Time
	_ = json.Unmarshal(encoded, &decoded)
	fmt.Println("after JSON, == :", decoded == now, " Equal:", decoded.Equal(now))
	// Output:
	// == : false
	// Equal: true
	// monotonic in String(): true false
	// after JSON, == : false  Equal: true
}

// ANCHOR_END: equality

// ANCHOR: locations
func Example_locations() {
	tokyo := time.FixedZone("JST", 9*60*60)
	inUTC := time.Date(2026, time.May, 12, 7, 30, 0, 0, time.UTC)
	inTokyo := inUTC.In(tokyo) // same instant, different Location

	fmt.Println(inUTC, "|", inTokyo)
	fmt.Println("== :", inUTC == inTokyo, " Equal:", inUTC.Equal(inTokyo))

	seen := map[time.Time]bool{inUTC: true}
	fmt.Println("raw key found:", seen[inTokyo])

	canonical := map[time.Time]bool{instant.Canonical(inUTC): true}
	fmt.Println("canonical key found:", canonical[instant.Canonical(inTokyo)])
	// Output:
	// 2026-05-12 07:30:00 +0000 UTC | 2026-05-12 16:30:00 +0900 JST
	// == : false  Equal: true
	// raw key found: false
	// canonical key found: true
}

// ANCHOR_END: locations
