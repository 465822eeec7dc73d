// Package hedge sends the same query to several replicas and keeps the
// first good answer.
package hedge

import (
	"context"
	"errors"
)

// Replica answers a query. Its context ends when the answer is no longer
// wanted, and a well-behaved replica then returns promptly.
type Replica func(ctx context.Context, query string) (string, error)

type reply struct {
	answer string
	err    error
}

// ANCHOR: leaky
// FirstLeaky returns the first reply and leaks every slower goroutine:
// nobody will ever receive their sends on the unbuffered channel.
func FirstLeaky(ctx context.Context, query string, replicas ...Replica) (string, error) {
	replies := make(chan reply)
	for _, ask := range replicas {
		go func() {
			answer, err := ask(ctx, query)
			replies <- reply{answer, err} // blocks forever for all but the first
		}()
	}
	first := <-replies
	return first.answer, first.err
}

// ANCHOR_END: leaky

// ANCHOR: first
// First returns the first successful answer, or all the errors if every
// replica fails. The slower replicas are told to stop, and each goroutine
// can finish its send without a receiver, so none outlives its replica.
func First(parent context.Context, query string, replicas ...Replica) (string, error) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel() // the losers' answers are no longer wanted

	replies := make(chan reply, len(replicas)) // one slot per sender
	for _, ask := range replicas {
		go func() {
			answer, err := ask(ctx, query)
			replies <- reply{answer, err}
		}()
	}
	var errs []error
	for range replicas {
		r := <-replies
		if r.err == nil {
			return r.answer, nil
		}
		errs = append(errs, r.err)
	}
	return "", errors.Join(errs...)
}

// ANCHOR_END: first
