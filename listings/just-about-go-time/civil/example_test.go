package civil_test

import (
	"fmt"
	"time"
	_ "time/tzdata" // the examples must not depend on the machine's zoneinfo files

	"playbook.example/just-about-go-time/civil"
	"playbook.example/just-about-go-time/tzrule"
)

// ANCHOR: calendar-day
func Example_calendarDayVersus24Hours() {
	newYork, _ := time.LoadLocation("America/New_York")
	// Noon on the Saturday before clocks spring forward (Sunday 8 March 2026).
	saturday := time.Date(2026, time.March, 7, 12, 0, 0, 0, newYork)

	fmt.Println("AddDate(0, 0, 1):", saturday.AddDate(0, 0, 1))
	fmt.Println("Add(24h):        ", saturday.Add(24*time.Hour))
	// Output:
	// AddDate(0, 0, 1): 2026-03-08 12:00:00 -0400 EDT
	// Add(24h):         2026-03-08 13:00:00 -0400 EDT
}

// ANCHOR_END: calendar-day

// ANCHOR: resolve-example
func ExampleResolve() {
	newYork, _ := time.LoadLocation("America/New_York")
	for _, wall := range []civil.Wall{
		{Year: 2026, Month: time.March, Day: 8, Hour: 2, Minute: 30},    // spring forward
		{Year: 2026, Month: time.November, Day: 1, Hour: 1, Minute: 30}, // fall back
		{Year: 2026, Month: time.May, Day: 12, Hour: 9, Minute: 30},     // an ordinary day
	} {
		at, kind := civil.Resolve(wall, newYork)
		byDate := time.Date(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, 0, 0, newYork)
		fmt.Printf("%s  %-8s Resolve: %s  time.Date: %s\n",
			wall, kind, at.Format("15:04 MST"), byDate.Format("15:04 MST"))
	}
	// Output:
	// 2026-03-08 02:30  skipped  Resolve: 03:30 EDT  time.Date: 01:30 EST
	// 2026-11-01 01:30  repeated Resolve: 01:30 EDT  time.Date: 01:30 EDT
	// 2026-05-12 09:30  exact    Resolve: 09:30 EDT  time.Date: 09:30 EDT
}

// ANCHOR_END: resolve-example

// ANCHOR: rule-change
func Example_ruleChange() {
	// Booked in spring 2022: a clinic appointment at 09:00 on 10 April 2023.
	appointment := civil.Event{
		Start: civil.Wall{Year: 2023, Month: time.April, Day: 10, Hour: 9},
		Zone:  "America/Mexico_City",
	}

	// What a service computed at booking time, under the rules then in the
	// tz database: daylight saving time from the first Sunday of April.
	rulesIn2022, _ := tzrule.FromRule("Mexico_City_before_2022f", "CST6CDT,M4.1.0,M10.5.0", "CST", -6*60*60)
	precomputed, _ := civil.Resolve(appointment.Start, rulesIn2022)

	// What the event means under the rules that actually applied on the day.
	derived, _, _ := appointment.Instant()

	fmt.Println("stored at booking:", precomputed.UTC().Format(time.RFC3339))
	fmt.Println("derived when due: ", derived.UTC().Format(time.RFC3339), derived.Format("(15:04 MST)"))
	fmt.Println("error:", derived.Sub(precomputed))
	// Output:
	// stored at booking: 2023-04-10T14:00:00Z
	// derived when due:  2023-04-10T15:00:00Z (09:00 CST)
	// error: 1h0m0s
}

// ANCHOR_END: rule-change
