package service

import "time"

func at(text string) time.Time {
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		panic(err)
	}
	return t
}

// ANCHOR: demo
// DemoConfig is the data every example in this post runs on: one customer, two accounts
// that integrated in 2021 and 2023 and are pinned to the versions of those years, and the
// lifecycle of the two old versions.
func DemoConfig(now func() time.Time) Config {
	return Config{
		Customers: []Customer{{
			ID: "cus_42", Name: "Ada Lovelace", Email: "ada@example.com",
			Company: "Analytical Engines Ltd", Status: "suspended", Created: at("2020-12-01T09:30:00Z"),
		}},
		Pins: map[string]string{"key_2021": "2020-12-01", "key_2023": "2022-03-01"},
		Lifecycles: map[string]Lifecycle{
			"2020-12-01": {
				Deprecated: at("2024-10-01T00:00:00Z"), Sunset: at("2026-12-31T23:59:59Z"),
				Docs: "https://developer.example.com/changelog#2020-12-01",
			},
			"2022-03-01": {
				Deprecated: at("2026-10-01T00:00:00Z"), Sunset: at("2027-09-30T23:59:59Z"),
				Docs: "https://developer.example.com/changelog#2022-03-01",
			},
		},
		Now: now,
	}
}

// ANCHOR_END: demo
