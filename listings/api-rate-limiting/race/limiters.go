// Package race runs two service instances against one Redis in a chosen
// order, to show what a read-then-write limiter does when their requests
// interleave, and what WATCH and a script do instead.
package race

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// conform is GCRA's arithmetic (the script's, in Go): the new TAT, and
// whether a request at now fits in burst intervals.
func conform(tat, now time.Time, interval time.Duration, burst int) (time.Time, bool) {
	if tat.Before(now) {
		tat = now
	}
	next := tat.Add(interval)
	return next, next.Sub(now) <= time.Duration(burst)*interval
}

// readTAT reads a client's TAT; a missing key is a full bucket.
func readTAT(ctx context.Context, get func(context.Context, string) *redis.StringCmd, key string, now time.Time) (time.Time, error) {
	us, err := get(ctx, key).Int64()
	if errors.Is(err, redis.Nil) {
		return now, nil
	}
	return time.UnixMicro(us).UTC(), err
}

// ANCHOR: naive
// Naive is GCRA written the way it usually is the first time: GET the
// client's TAT, decide in the service, SET the new TAT. Between the GET and
// the SET, another instance can read the same TAT.
type Naive struct {
	RDB      *redis.Client
	Interval time.Duration
	Burst    int
	Now      func() time.Time
}

func (n *Naive) Allow(ctx context.Context, key string) (bool, error) {
	now := n.Now()
	tat, err := readTAT(ctx, n.RDB.Get, key, now)
	if err != nil {
		return false, err
	}
	next, ok := conform(tat, now, n.Interval, n.Burst)
	if !ok {
		return false, nil
	}
	return true, n.RDB.Set(ctx, key, next.UnixMicro(), time.Minute+next.Sub(now)).Err()
}

// ANCHOR_END: naive

// ANCHOR: watched
// Watched is the same limiter made safe with optimistic locking: WATCH the
// key, and write it in MULTI/EXEC, which Redis refuses if the key changed
// since the WATCH. A refused transaction is read and decided again.
type Watched struct {
	RDB      *redis.Client
	Interval time.Duration
	Burst    int
	Now      func() time.Time
}

func (w *Watched) Allow(ctx context.Context, key string) (bool, error) {
	for range 10 {
		var allowed bool
		err := w.RDB.Watch(ctx, func(tx *redis.Tx) error {
			now := w.Now()
			tat, err := readTAT(ctx, tx.Get, key, now)
			if err != nil {
				return err
			}
			next, ok := conform(tat, now, w.Interval, w.Burst)
			if !ok {
				return nil
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				return p.Set(ctx, key, next.UnixMicro(), time.Minute+next.Sub(now)).Err()
			})
			allowed = err == nil
			return err
		}, key)
		if errors.Is(err, redis.TxFailedErr) {
			continue // another instance wrote the key first: decide again
		}
		return allowed, err
	}
	return false, errors.New("watched limiter: 10 conflicting transactions in a row")
}

// ANCHOR_END: watched
