// Package shutdown runs an HTTP server until its context ends, then stops
// it without cutting off the requests it is serving.
package shutdown

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// ANCHOR: serve
// Serve runs srv on ln until ctx ends. It then closes the listener, gives
// in-flight requests up to drain to finish, and closes whatever is left.
// It returns nil after a clean drain.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, drain time.Duration) error {
	served := make(chan error, 1) // buffered: the goroutine never waits for us
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err) // failed before shutdown began
	case <-ctx.Done():
	}

	// ctx is already done, so the drain needs a deadline of its own.
	drainCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	shutdownErr := srv.Shutdown(drainCtx) // closes ln, waits for idle connections
	if shutdownErr != nil {
		shutdownErr = errors.Join(fmt.Errorf("drain: %w", shutdownErr), srv.Close())
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(fmt.Errorf("serve: %w", err), shutdownErr)
	}
	return shutdownErr
}

// ANCHOR_END: serve
