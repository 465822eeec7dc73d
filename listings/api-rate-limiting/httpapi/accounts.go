// Package httpapi puts the shared limiter of package quota in front of an
// HTTP API: each API key's account and plan, the RateLimit-Policy and
// RateLimit fields, 429 with Retry-After, and 503 when the limiter cannot
// decide and the route fails closed.
package httpapi

import (
	"time"

	"playbook.example/api-rate-limiting/quota"
)

// ANCHOR: plans
// The two plans of the listings. Free: 2 requests a second, bursts of 5,
// 500 a day. Pro: 20 a second, bursts of 40, 50,000 a day.
var (
	Free = quota.Plan{Name: "free", Rate: 2, Per: time.Second, Burst: 5, Daily: 500}
	Pro  = quota.Plan{Name: "pro", Rate: 20, Per: time.Second, Burst: 40, Daily: 50_000}
)

// ANCHOR_END: plans

// Account is who pays. Limits are per account, so an account's keys share
// them and rotating a key does not reset anything.
type Account struct {
	ID   string
	Plan quota.Plan
}

// Accounts finds an account by API key. In a service it is a database
// lookup behind a cache; a verified key is what makes a limit per customer.
type Accounts map[string]Account

// Demo holds the accounts the listings use.
var Demo = Accounts{
	"key_alice": {ID: "alice", Plan: Free},
	"key_bob":   {ID: "bob", Plan: Pro},
}
