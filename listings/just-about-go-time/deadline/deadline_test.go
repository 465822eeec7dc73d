package deadline_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"playbook.example/just-about-go-time/deadline"
)

// ANCHOR: synctest
// Inside a synctest bubble the clock is fake: it starts at midnight UTC on
// 1 January 2000 and jumps forward only when every goroutine in the bubble is
// blocked. Durations come out exact, and the test takes microseconds.
func TestAwaitAckTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		acks := make(chan string)
		waited, err := deadline.AwaitAck(t.Context(), acks, "order-42", 2*time.Second)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a deadline error", err)
		}
		if waited != 2*time.Second {
			t.Fatalf("waited %v, want exactly 2s of fake time", waited)
		}
	})
}

func TestAwaitAckIgnoresOtherIDs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		acks := make(chan string)
		go func() {
			time.Sleep(500 * time.Millisecond)
			acks <- "order-41" // someone else's
			time.Sleep(time.Second)
			acks <- "order-42"
		}()
		waited, err := deadline.AwaitAck(t.Context(), acks, "order-42", 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if waited != 1500*time.Millisecond {
			t.Fatalf("waited %v, want exactly 1.5s of fake time", waited)
		}
	})
}

// ANCHOR_END: synctest

func TestFakeClockEpoch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		want := time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)
		if now := time.Now(); !now.Equal(want) {
			t.Fatalf("bubble starts at %s, want %s", now, want)
		}
	})
}

func TestAwaitAckStopsWhenTheCallerCancels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(300*time.Millisecond, cancel)
		waited, err := deadline.AwaitAck(ctx, make(chan string), "order-42", time.Minute)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if waited != 300*time.Millisecond {
			t.Fatalf("waited %v, want exactly 300ms of fake time", waited)
		}
	})
}
