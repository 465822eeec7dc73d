package limit

import (
	"strings"
	"testing"
	"time"
)

func TestTokenBucketDecisions(t *testing.T) {
	clock := newFakeClock()
	// 10 per second is one token every 100 ms; the bucket holds 3.
	bucket, err := NewTokenBucket(Policy{Limit: 10, Per: time.Second, Burst: 3}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		advance time.Duration
		want    Decision
	}{
		{0, Decision{Allowed: true, Remaining: 2, NextToken: 100 * time.Millisecond}},
		{0, Decision{Allowed: true, Remaining: 1, NextToken: 100 * time.Millisecond}},
		{0, Decision{Allowed: true, Remaining: 0, NextToken: 100 * time.Millisecond}},
		{0, Decision{Allowed: false, Remaining: 0, NextToken: 100 * time.Millisecond}},
		{40 * time.Millisecond, Decision{Allowed: false, Remaining: 0, NextToken: 60 * time.Millisecond}},
		{60 * time.Millisecond, Decision{Allowed: true, Remaining: 0, NextToken: 100 * time.Millisecond}},
		{250 * time.Millisecond, Decision{Allowed: true, Remaining: 1, NextToken: 50 * time.Millisecond}},
		// A long idle period refills to the capacity and no further.
		{time.Hour, Decision{Allowed: true, Remaining: 2, NextToken: 100 * time.Millisecond}},
		// A clock stepping backwards refills nothing.
		{-time.Minute, Decision{Allowed: true, Remaining: 1, NextToken: 100 * time.Millisecond}},
	}
	for i, step := range steps {
		clock.Advance(step.advance)
		if got := bucket.Allow(); got != step.want {
			t.Errorf("step %d (after %v): got %+v, want %+v", i, step.advance, got, step.want)
		}
	}
}

func TestPolicyValidate(t *testing.T) {
	for _, tc := range []struct {
		policy Policy
		want   string
	}{
		{Policy{Limit: 10, Per: time.Second, Burst: 0}, "Burst must be at least 1, got 0"},
		{Policy{Limit: 0, Per: time.Second, Burst: 1}, "Limit must be positive, got 0"},
		{Policy{Limit: 1, Per: 0, Burst: 1}, "Per must be positive, got 0s"},
		{Policy{Limit: 2, Per: time.Nanosecond, Burst: 1}, "2 per 1ns is finer than one nanosecond per token"},
	} {
		_, err := NewTokenBucket(tc.policy, newFakeClock().Now)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got error %v, want one containing %q", tc.policy, err, tc.want)
		}
	}
}
