package httpapi

import (
	"time"

	"github.com/dunglas/httpsfv"

	"playbook.example/api-rate-limiting/quota"
)

// ANCHOR: fields
// policyField states a plan as draft-ietf-httpapi-ratelimit-headers-11 (an
// Internet-Draft of 23 May 2026, not an RFC) defines RateLimit-Policy: each
// policy a String naming it, a quota q and a window of w seconds. The draft
// has no burst, so it goes in a parameter with a vendor prefix, as the draft
// asks of extensions.
func policyField(p quota.Plan) string {
	rate := httpsfv.NewItem("rate")
	rate.Params.Add("q", int64(p.Rate))
	rate.Params.Add("w", int64(p.Per/time.Second))
	rate.Params.Add("playbook-burst", int64(p.Burst))
	daily := httpsfv.NewItem("daily")
	daily.Params.Add("q", int64(p.Daily))
	daily.Params.Add("w", int64(86400))
	return marshal(httpsfv.List{rate, daily})
}

// limitField is -11's RateLimit field: for each policy, the requests r the
// client may still make and t, the seconds within which it can use no more
// than r. A full bucket has no such time, so it has no t.
func limitField(d quota.Decision) string {
	rate := httpsfv.NewItem("rate")
	rate.Params.Add("r", int64(d.RateRemaining))
	if d.NextToken > 0 {
		rate.Params.Add("t", ceilSeconds(d.NextToken))
	}
	daily := httpsfv.NewItem("daily")
	daily.Params.Add("r", int64(d.QuotaRemaining))
	daily.Params.Add("t", ceilSeconds(d.QuotaReset))
	return marshal(httpsfv.List{rate, daily})
}

// ceilSeconds rounds up: a client that waits as told never arrives before
// its request would fit. Retry-After and t have no fractions of a second.
func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// ANCHOR_END: fields

func marshal(l httpsfv.List) string {
	s, err := httpsfv.Marshal(l)
	if err != nil {
		panic("httpapi: a RateLimit field that does not serialise: " + err.Error()) // names and integers are ours
	}
	return s
}
