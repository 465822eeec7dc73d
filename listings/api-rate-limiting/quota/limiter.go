package quota

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

//go:embed quota.lua
var scriptSource string

// script is sent by its SHA1 (EVALSHA); go-redis sends the whole source
// (EVAL) when the server answers NOSCRIPT, after a restart or a failover.
var script = redis.NewScript(scriptSource)

// Decision is the answer for one request, with what the HTTP layer tells the
// client about both policies.
type Decision struct {
	RateOK, QuotaOK bool
	// RateRemaining requests would be admitted now; one more comes back
	// after NextToken (zero when the bucket is full).
	RateRemaining int
	NextToken     time.Duration
	// QuotaRemaining requests are left today; the quota starts afresh at
	// midnight UTC, QuotaReset from now.
	QuotaRemaining int
	QuotaReset     time.Duration
}

func (d Decision) Allowed() bool { return d.RateOK && d.QuotaOK }

// RetryAfter is how long a refused client must wait before a request can
// pass every policy that refused it.
func (d Decision) RetryAfter() time.Duration {
	var wait time.Duration
	if !d.RateOK {
		wait = d.NextToken
	}
	if !d.QuotaOK {
		wait = max(wait, d.QuotaReset)
	}
	return wait
}

// ANCHOR: limiter
// Limiter keeps every client's state in Redis, so that every instance of a
// service that shares the server enforces one limit.
type Limiter struct {
	rdb    redis.Cmdable
	prefix string
	// now is nil in production: the script reads the Redis server's clock,
	// one clock for the whole fleet. Tests pass a fake one.
	now func() time.Time
}

func NewLimiter(rdb redis.Cmdable, prefix string, now func() time.Time) *Limiter {
	return &Limiter{rdb: rdb, prefix: prefix, now: now}
}

// Keys are the two keys of a client. The braces are a Redis Cluster hash
// tag: both keys land in one slot, which a script touching both requires.
func (l *Limiter) Keys(client string) []string {
	tag := l.prefix + "{" + client + "}"
	return []string{tag + ":rate", tag + ":day"}
}

func (l *Limiter) Args(p Plan) []any {
	now := ""
	if l.now != nil {
		now = strconv.FormatInt(l.now().UnixMicro(), 10)
	}
	return []any{now, p.Interval().Microseconds(), p.Burst, p.Daily}
}

// Decide spends one request of the client's plan, if both policies allow it.
func (l *Limiter) Decide(ctx context.Context, client string, p Plan) (Decision, error) {
	reply, err := script.Run(ctx, l.rdb, l.Keys(client), l.Args(p)...).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("quota decision for %q: %w", client, err)
	}
	return DecisionFromReply(reply)
}

// ANCHOR_END: limiter

// DecisionFromReply reads the script's reply, which pipelined and
// function-called decisions share.
func DecisionFromReply(reply []int64) (Decision, error) {
	if len(reply) != 6 {
		return Decision{}, fmt.Errorf("quota script: expected 6 integers, got %v", reply)
	}
	return Decision{
		RateOK:         reply[0] == 1,
		QuotaOK:        reply[1] == 1,
		RateRemaining:  int(reply[2]),
		NextToken:      time.Duration(reply[3]) * time.Microsecond,
		QuotaRemaining: int(reply[4]),
		QuotaReset:     time.Duration(reply[5]) * time.Microsecond,
	}, nil
}

// LoadScript sends the script to the server ahead of pipelines, whose
// EVALSHA cannot fall back to EVAL.
func LoadScript(ctx context.Context, rdb redis.Scripter) error {
	return script.Load(ctx, rdb).Err()
}

// Queue adds a decision to a pipeline; read it with DecisionFromReply.
func (l *Limiter) Queue(ctx context.Context, p redis.Pipeliner, client string, plan Plan) *redis.Cmd {
	return script.EvalSha(ctx, p, l.Keys(client), l.Args(plan)...)
}

// ANCHOR: library
// Library is the same script as a Redis 7 function library. FUNCTION LOAD
// it when deploying, and FCALL quota_decide: a library is part of the data
// set, saved in snapshots and copied to replicas, where a script is a cache
// entry that a restart, a failover or SCRIPT FLUSH empties.
func Library() string {
	return "#!lua name=playbook_quota\n" +
		"redis.register_function('quota_decide', function(KEYS, ARGV)\n" + scriptSource + "end)\n"
}

// DecideByFunction is Decide through FCALL.
func (l *Limiter) DecideByFunction(ctx context.Context, client string, p Plan) (Decision, error) {
	reply, err := l.rdb.FCall(ctx, "quota_decide", l.Keys(client), l.Args(p)...).Int64Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("quota function for %q: %w", client, err)
	}
	return DecisionFromReply(reply)
}

// ANCHOR_END: library

// ScriptSource is the Lua source the limiter runs.
func ScriptSource() string { return scriptSource }
