package limit_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/time/rate"
)

// ANCHOR: xrate
// Example_xTimeRate shows golang.org/x/time/rate's token bucket: it starts
// full, and AllowN takes the time as an argument, so the output is the same
// on every run.
func Example_xTimeRate() {
	limiter := rate.NewLimiter(rate.Every(100*time.Millisecond), 3)
	start := time.Date(2021, 10, 19, 3, 0, 0, 0, time.UTC)
	for _, offset := range []time.Duration{0, 0, 0, 0, 50, 100, 150, 400} {
		at := start.Add(offset * time.Millisecond)
		fmt.Printf("t=%3dms allowed=%-5v tokens left=%.1f\n",
			offset, limiter.AllowN(at, 1), limiter.TokensAt(at))
	}
	// Burst 0 admits nothing at a finite rate: it is not "no bursting".
	fmt.Println("burst 0:", rate.NewLimiter(10, 0).AllowN(start, 1))
	// The zero Limiter rejects everything too.
	var zero rate.Limiter
	fmt.Println("zero value:", zero.AllowN(start, 1))
	// Output:
	// t=  0ms allowed=true  tokens left=2.0
	// t=  0ms allowed=true  tokens left=1.0
	// t=  0ms allowed=true  tokens left=0.0
	// t=  0ms allowed=false tokens left=0.0
	// t= 50ms allowed=false tokens left=0.5
	// t=100ms allowed=true  tokens left=0.0
	// t=150ms allowed=false tokens left=0.5
	// t=400ms allowed=true  tokens left=2.0
	// burst 0: false
	// zero value: false
}

// ANCHOR_END: xrate

// ANCHOR: wait
// Wait blocks on real timers; inside a synctest bubble the clock is fake, so
// the test takes no wall-clock time and the durations are exact.
func TestWaitUsesTheDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		limiter := rate.NewLimiter(rate.Every(time.Second), 1)
		limiter.Allow() // empty the bucket

		// The next token is 1 s away and the deadline 500 ms: Wait gives up
		// at once instead of sleeping until the deadline.
		ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		if err := limiter.Wait(ctx); err == nil {
			t.Fatal("Wait succeeded although the token comes after the deadline")
		}
		if waited := time.Since(start); waited != 0 {
			t.Fatalf("Wait returned its error after %v, want at once", waited)
		}

		// Without a deadline in the way, Wait sleeps exactly until the token.
		if err := limiter.Wait(t.Context()); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Fatalf("Wait took %v, want 1s", waited)
		}
	})
}

// ANCHOR_END: wait

// ANCHOR: reserve
// A Reservation that is not used must be cancelled, or the tokens it took
// stay spent: a server that asks ReserveN "how long?" to fill Retry-After,
// then rejects the request without CancelAt, pushes every client further
// into debt with each rejection.
func TestUncancelledReservationsSpendTokens(t *testing.T) {
	start := time.Date(2021, 10, 19, 3, 0, 0, 0, time.UTC)
	for _, cancel := range []bool{true, false} {
		limiter := rate.NewLimiter(rate.Every(time.Second), 1)
		limiter.AllowN(start, 1)
		for range 5 { // five rejected requests, each asking for a delay
			r := limiter.ReserveN(start, 1)
			if cancel {
				r.CancelAt(start)
			}
		}
		delay := limiter.ReserveN(start, 1).DelayFrom(start)
		want := time.Second
		if !cancel {
			want = 6 * time.Second
		}
		if delay != want {
			t.Errorf("cancel=%v: next delay %v, want %v", cancel, delay, want)
		}
	}
}

// ANCHOR_END: reserve
