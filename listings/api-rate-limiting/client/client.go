package client

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// ANCHOR: client
// Client sends a request again when the server answers 429 or 503.
type Client struct {
	HTTP        *http.Client
	Backoff     Backoff
	MaxAttempts int           // the first request included
	MaxWait     time.Duration // the longest single wait the caller accepts
	// Tests replace these three; nil means the package's random source,
	// time.Now and a sleep that a cancelled context ends.
	Rand  *rand.Rand
	Now   func() time.Time
	Sleep func(context.Context, time.Duration) error
}

// ErrWaitTooLong says the server asked for a wait the caller would not accept.
type ErrWaitTooLong struct{ Wait, Max time.Duration }

func (e *ErrWaitTooLong) Error() string {
	return fmt.Sprintf("the server asks to retry in %v, longer than the %v this client waits", e.Wait, e.Max)
}

// RetryAfterSpread is Retry-After's resolution. A server that rounds its
// waits up to whole seconds sends every client it refused within one second
// back in the same instant; a uniform draw across that second spreads them
// out again.
const RetryAfterSpread = time.Second

// Wait is the pause before retry number attempt: Retry-After, when the
// server gave one, plus a draw across its resolution (never less than the
// server asked); otherwise the backoff.
func (c *Client) Wait(attempt int, prev, retryAfter time.Duration, given bool) time.Duration {
	if given {
		return retryAfter + uniform(c.Rand, 0, RetryAfterSpread)
	}
	return c.Backoff.Delay(attempt, prev, c.Rand)
}

func (c *Client) Do(req *http.Request) (*http.Response, error) {
	var prev time.Duration
	for attempt := 0; ; attempt++ {
		resp, err := c.HTTP.Do(req)
		if err != nil || !retryable(resp.StatusCode) || attempt+1 >= c.MaxAttempts {
			return resp, err
		}
		if req.Body != nil && req.GetBody == nil {
			return resp, nil // the body is spent and cannot be sent again
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
		resp.Body.Close()
		retryAfter, given := RetryAfter(resp.Header, c.now())
		if given && retryAfter > c.MaxWait {
			return nil, &ErrWaitTooLong{Wait: retryAfter, Max: c.MaxWait}
		}
		wait := c.Wait(attempt, prev, retryAfter, given)
		if deadline, ok := req.Context().Deadline(); ok && time.Until(deadline) < wait {
			// Sleeping only to fail at the deadline helps nobody.
			return nil, fmt.Errorf("a retry in %v would come after the request's deadline: %w", wait, context.DeadlineExceeded)
		}
		if err := c.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			if req.Body, err = req.GetBody(); err != nil {
				return nil, err
			}
		}
		prev = wait
	}
}

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

// ANCHOR_END: client
