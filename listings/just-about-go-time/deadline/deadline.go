// Package deadline waits for an acknowledgement with a timeout: the kind of
// code whose tests used to sleep, and now run on synctest's fake clock.
package deadline

import (
	"context"
	"fmt"
	"time"
)

// ANCHOR: await
// AwaitAck waits until id arrives on acks, the context ends, or timeout
// passes, and reports how long it waited. The wait is measured with
// time.Since, which reads the monotonic clock: a wall clock step during the
// wait (an NTP correction, an administrator) does not distort it.
func AwaitAck(ctx context.Context, acks <-chan string, id string, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		select {
		case got := <-acks:
			if got == id {
				return time.Since(start), nil
			}
		case <-ctx.Done():
			return time.Since(start), fmt.Errorf("ack %q: %w", id, context.Cause(ctx))
		}
	}
}

// ANCHOR_END: await
