// Package client notices, in any HTTP client, the responses that announce the end of what
// they came from: the Deprecation (RFC 9745) and Sunset (RFC 8594) header fields.
package client

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/dunglas/httpsfv"
)

// ANCHOR: notice
// A Notice is what one response said about its resource's end.
type Notice struct {
	Method, Path string
	Deprecated   time.Time // zero when the response had no Deprecation field
	Sunset       time.Time // zero when it had no Sunset field
	Links        []string  // the response's Link fields, where the documentation is
	Problems     []string  // how the fields depart from the RFCs
}

// ANCHOR_END: notice

// ANCHOR: watcher
// Watcher is an http.RoundTripper that reports each notice once per method and path, so
// that a log line appears when an integration starts using something on its way out.
type Watcher struct {
	Next   http.RoundTripper // http.DefaultTransport when nil
	Report func(Notice)

	mu   sync.Mutex
	seen map[string]bool
}

func (w *Watcher) RoundTrip(req *http.Request) (*http.Response, error) {
	next := w.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	n, ok := Inspect(resp)
	if !ok {
		return resp, nil
	}
	key := req.Method + " " + req.URL.Path
	w.mu.Lock()
	first := !w.seen[key]
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	w.seen[key] = true
	w.mu.Unlock()
	if first {
		w.Report(n)
	}
	return resp, nil
}

// ANCHOR_END: watcher

// ANCHOR: inspect
// Inspect reads the lifecycle fields of a response; ok is false when it has neither.
func Inspect(resp *http.Response) (n Notice, ok bool) {
	deprecation, sunset := resp.Header.Values("Deprecation"), resp.Header.Get("Sunset")
	if len(deprecation) == 0 && sunset == "" {
		return Notice{}, false
	}
	n = Notice{Method: resp.Request.Method, Path: resp.Request.URL.Path, Links: resp.Header.Values("Link")}
	if len(deprecation) > 0 {
		n.Deprecated, n.Problems = deprecationDate(deprecation)
	}
	if sunset != "" {
		t, err := http.ParseTime(sunset)
		if err != nil {
			n.Problems = append(n.Problems, fmt.Sprintf("Sunset %q is not an HTTP-date", sunset))
		}
		n.Sunset = t.UTC()
	}
	if !n.Deprecated.IsZero() && !n.Sunset.IsZero() && n.Sunset.Before(n.Deprecated) {
		n.Problems = append(n.Problems, "Sunset is earlier than Deprecation, which RFC 9745 forbids: ask the provider")
	}
	return n, true
}

// deprecationDate parses RFC 9745's Structured Field Date (@1688169599). It also accepts the
// HTTP-date of the drafts before the RFC, which servers still send, and says so.
func deprecationDate(values []string) (time.Time, []string) {
	item, err := httpsfv.UnmarshalItem(values)
	if err == nil {
		if t, isDate := item.Value.(time.Time); isDate {
			return t.UTC(), nil
		}
	}
	if t, err := http.ParseTime(values[0]); err == nil && len(values) == 1 {
		return t.UTC(), []string{fmt.Sprintf("Deprecation %q is an HTTP-date, the form of the drafts; RFC 9745 sends @<Unix seconds>", values[0])}
	}
	return time.Time{}, []string{fmt.Sprintf("Deprecation %q is neither a Structured Field Date nor an HTTP-date",
		strings.Join(values, ", "))}
}

// ANCHOR_END: inspect
