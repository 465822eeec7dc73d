package httplimit

import (
	"fmt"
	"net/http"
	"time"
)

// ANCHOR: shed
// Shed caps the requests in progress. It protects the server, whoever the
// clients are: past the cap it answers 503 at once instead of queueing work
// it will finish too late to matter.
func Shed(maxInFlight int, retryAfter time.Duration, next http.Handler) http.Handler {
	slots := make(chan struct{}, maxInFlight)
	retry := fmt.Sprint(ceilSeconds(retryAfter))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", retry)
			http.Error(w, "server busy", http.StatusServiceUnavailable)
		}
	})
}

// ANCHOR_END: shed
