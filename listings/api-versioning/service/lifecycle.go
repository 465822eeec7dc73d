package service

import (
	"fmt"
	"net/http"
	"time"

	"github.com/dunglas/httpsfv"
)

// A Lifecycle says when a version was (or will be) deprecated and when it stops answering.
type Lifecycle struct {
	Deprecated time.Time // zero: not deprecated
	Sunset     time.Time // zero: no date announced
	Docs       string    // the migration guide
}

func (l Lifecycle) check(date string) error {
	if !l.Sunset.IsZero() && l.Sunset.Before(l.Deprecated) {
		// RFC 9745, section 4: the Sunset timestamp MUST NOT be earlier than Deprecation's.
		return fmt.Errorf("version %s: sunset %s is before its deprecation %s",
			date, l.Sunset.Format(time.RFC3339), l.Deprecated.Format(time.RFC3339))
	}
	if (!l.Deprecated.IsZero() || !l.Sunset.IsZero()) && l.Docs == "" {
		return fmt.Errorf("version %s: a deprecated version needs a migration guide (Docs)", date)
	}
	return nil
}

// ANCHOR: headers
// announce adds the lifecycle header fields to a response of a deprecated version.
func (l Lifecycle) announce(h http.Header) {
	if !l.Deprecated.IsZero() {
		// RFC 9745: an Item Structured Field whose value is a Date, "@" and Unix seconds.
		value, err := httpsfv.Marshal(httpsfv.NewItem(l.Deprecated))
		if err != nil {
			panic(err) // every time.Time is a valid Date
		}
		h.Set("Deprecation", value)
		h.Add("Link", fmt.Sprintf(`<%s>; rel="deprecation"; type="text/html"`, l.Docs))
	}
	if !l.Sunset.IsZero() {
		// RFC 8594: an HTTP-date, which http.TimeFormat writes (always in GMT).
		h.Set("Sunset", l.Sunset.UTC().Format(http.TimeFormat))
		h.Add("Link", fmt.Sprintf(`<%s>; rel="sunset"; type="text/html"`, l.Docs))
	}
}

// ANCHOR_END: headers
