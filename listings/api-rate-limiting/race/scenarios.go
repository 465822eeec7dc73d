package race

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/quota"
)

// OneToken is a plan with one request left: one per minute, bursts of one.
var OneToken = quota.Plan{Name: "one", Rate: 1, Per: time.Minute, Burst: 1, Daily: 1000}

// Outcome is what one scenario admitted.
type Outcome struct{ A, B bool }

func (o Outcome) Admitted() int {
	n := 0
	for _, ok := range []bool{o.A, o.B} {
		if ok {
			n++
		}
	}
	return n
}

// Run plays the three limiters through the same schedule, each for its own
// client, and prints the commands the two instances send.
func Run(ctx context.Context, opt *redis.Options, prefix string, now func() time.Time, out io.Writer) (map[string]Outcome, error) {
	outcomes := map[string]Outcome{}
	scenarios := []struct {
		name  string
		allow func(rdb *redis.Client) func() (bool, error)
	}{
		{"GET then SET", func(rdb *redis.Client) func() (bool, error) {
			l := &Naive{RDB: rdb, Interval: OneToken.Interval(), Burst: OneToken.Burst, Now: now}
			return func() (bool, error) { return l.Allow(ctx, prefix+"{naive}:tat") }
		}},
		{"WATCH, GET, MULTI/SET/EXEC", func(rdb *redis.Client) func() (bool, error) {
			l := &Watched{RDB: rdb, Interval: OneToken.Interval(), Burst: OneToken.Burst, Now: now}
			return func() (bool, error) { return l.Allow(ctx, prefix+"{watched}:tat") }
		}},
		{"one script", func(rdb *redis.Client) func() (bool, error) {
			l := quota.NewLimiter(rdb, prefix, now)
			return func() (bool, error) {
				d, err := l.Decide(ctx, "script", OneToken)
				return d.Allowed(), err
			}
		}},
	}
	// Loaded first, so that every run's trace shows EVALSHA finding it.
	loader := redis.NewClient(opt)
	err := quota.LoadScript(ctx, loader)
	loader.Close()
	if err != nil {
		return nil, err
	}
	trace := NewTrace(out)
	for _, s := range scenarios {
		fmt.Fprintf(out, "%s, one request left, A and B both read before either writes:\n", s.name)
		a, rdbA := NewInstance("A", opt, trace)
		b, rdbB := NewInstance("B", opt, trace)
		okA, okB, err := Interleave(a, b, s.allow(rdbA), s.allow(rdbB))
		rdbA.Close()
		rdbB.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		o := Outcome{okA, okB}
		outcomes[s.name] = o
		fmt.Fprintf(out, "  admitted: A %s, B %s: %d requests for 1 allowed\n\n", yesNo(okA), yesNo(okB), o.Admitted())
	}
	return outcomes, nil
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}
