package limit

import "time"

// ANCHOR: gcra
// DecideGCRA is the generic cell rate algorithm as a pure function. Its whole
// state is tat, the theoretical arrival time: when the client's bucket would
// be full again if it stopped now. A zero tat is a client never seen.
//
// Burst convention: a client with a full bucket may send p.Burst requests at
// the same instant, so the tolerance is (Burst-1) intervals. (redis-cell's
// max_burst counts the requests after the first: it is Burst-1 here.)
// It returns the tat to store; a denied request leaves tat unchanged.
func DecideGCRA(p Policy, tat, now time.Time) (time.Time, Decision) {
	interval := p.Interval()
	capacity := time.Duration(p.Burst) * interval
	if tat.Before(now) {
		tat = now // an idle client: a full bucket, nothing carried over
	}
	// Credit is what is left of the capacity once the backlog is subtracted.
	credit := capacity - tat.Sub(now)
	if credit < interval {
		return tat, decisionFromCredit(false, credit, interval, capacity)
	}
	return tat.Add(interval), decisionFromCredit(true, credit-interval, interval, capacity)
}

// ANCHOR_END: gcra
