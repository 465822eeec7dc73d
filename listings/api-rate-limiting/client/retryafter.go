package client

import (
	"net/http"
	"strconv"
	"time"
)

// ANCHOR: retryafter
// RetryAfter reads the Retry-After field, which RFC 9110 (section 10.2.3)
// allows in two forms: delay-seconds ("120"), or an HTTP-date ("Fri, 31 Dec
// 1999 23:59:59 GMT", in any of the three date formats HTTP/1.1 accepts).
// A date is measured from the response's own Date field when it has a valid
// one, so that the difference between the two clocks cancels out.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		seconds, err := strconv.ParseInt(v, 10, 64)
		if err != nil || seconds > int64(24*time.Hour/time.Second)*365 {
			return 0, false // not a delay anyone should wait for
		}
		return time.Duration(seconds) * time.Second, true
	}
	at, err := http.ParseTime(v)
	if err != nil {
		return 0, false // neither form: as if absent
	}
	if date, err := http.ParseTime(h.Get("Date")); err == nil {
		now = date
	}
	return max(0, at.Sub(now)), true
}

// isDigits is delay-seconds' grammar, 1*DIGIT: no sign, no space, no fraction.
func isDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// ANCHOR_END: retryafter
