// Command outage prints the records "outage" and "outage_timeouts": a Redis
// of its own (package ownredis), killed, frozen and restarted under guards
// of each failure mode, and what each decision cost while it was down.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/ownredis"
	"playbook.example/api-rate-limiting/quota"
)

func main() {
	runs := map[string]func(io.Writer) error{"modes": modes, "timeouts": timeouts}
	run, ok := runs[strings.Join(os.Args[1:], " ")]
	if !ok {
		fmt.Fprintln(os.Stderr, "usage: outage modes|timeouts")
		os.Exit(2)
	}
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var short = map[quota.Source]string{
	quota.FromStore: "redis", quota.FromRemembered: "remembered",
	quota.FromOpen: "open", quota.FromClosed: "closed", quota.FromLocal: "local",
}

// answer is what the HTTP layer makes of a decision.
func answer(d quota.Decision, source quota.Source) string {
	switch {
	case source == quota.FromClosed:
		return "503 (" + short[source] + ")"
	case d.Allowed():
		return "200 (" + short[source] + ")"
	default:
		return "429 (" + short[source] + ")"
	}
}

// tuned is a client for a limiter: the guard's timeout reaches the socket,
// and a failed call is not retried, since the guard has a fallback.
func tuned(server *ownredis.Server) *redis.Client {
	opt := server.Options()
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = -1
	return redis.NewClient(opt)
}

func modes(out io.Writer) error {
	server, err := ownredis.Start()
	if err != nil {
		return err
	}
	defer server.Close()
	clock := fakeclock.New(time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC))
	plan := httpapi.Free
	var guards []*quota.Guard
	for _, mode := range []quota.Mode{quota.FailOpen, quota.FailClosed, quota.FailToLocal} {
		rdb := tuned(server)
		defer rdb.Close()
		guards = append(guards, &quota.Guard{
			Limiter: quota.NewLimiter(rdb, fmt.Sprintf("mode%d:", mode), clock.Now), Mode: mode,
			Local: quota.NewLocal(10_000, 3), Now: clock.Now,
			Timeout: 50 * time.Millisecond, Cooldown: time.Second, Remember: time.Second,
		})
	}
	line := func(label string, cells []string) {
		fmt.Fprintln(out, strings.TrimRight(fmt.Sprintf("%-24s%-14s%-14s%s", label, cells[0], cells[1], cells[2]), " "))
	}
	row := func(label string) {
		var cells []string
		for _, g := range guards {
			cells = append(cells, answer(g.Decide(context.Background(), "alice", plan)))
		}
		line(label, cells)
	}
	fmt.Fprintf(out, "alice, free plan (bursts of %d); one guard per failure mode; a redis-server of our own\n", plan.Burst)
	line("", []string{"fail open", "fail closed", "fail to local"})
	for i := range 3 {
		row(fmt.Sprintf("store up, request %d", i+1))
	}
	server.Kill()
	for i := range 4 {
		row(fmt.Sprintf("killed, request %d", i+1))
	}
	var failures []string
	for _, g := range guards {
		failures = append(failures, fmt.Sprint(g.Failures()))
	}
	line("store calls that failed", failures)
	if err := server.Restart(); err != nil {
		return err
	}
	clock.Advance(time.Second)
	d, source := guards[0].Decide(context.Background(), "alice", plan)
	fmt.Fprintf(out, "restarted empty, 1 s later: %s, %d of the burst left, %d of the day: the 3 spent before are forgotten\n",
		answer(d, source), d.RateRemaining, d.QuotaRemaining)
	return nil
}

// ANCHOR: timeouts
// timeouts measures one decision against a dead store and a frozen one,
// with go-redis's defaults and with a client tuned for a limiter.
func timeouts(out io.Writer) error {
	server, err := ownredis.Start()
	if err != nil {
		return err
	}
	defer server.Close()
	defaults := server.Options()
	defaults.ReadTimeout = time.Second // 5 s by default: shortened to keep the run short
	clients := []struct {
		label string
		rdb   *redis.Client
	}{{"defaults", redis.NewClient(defaults)}, {"tuned", tuned(server)}}
	decide := func(rdb *redis.Client, budget time.Duration) string {
		ctx := context.Background()
		if budget > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, budget)
			defer cancel()
		}
		began := time.Now()
		quota.NewLimiter(rdb, "rl:", nil).Decide(ctx, "alice", httpapi.Free)
		return fmt.Sprintf("%9.1f ms", float64(time.Since(began))/float64(time.Millisecond))
	}
	for _, c := range clients {
		defer c.rdb.Close()
		decide(c.rdb, 0) // connect and load the script while the server is up
	}
	fmt.Fprintln(out, "defaults: go-redis's, except ReadTimeout 1 s (5 s by default)")
	fmt.Fprintln(out, "tuned:    ContextTimeoutEnabled, MaxRetries -1")
	fmt.Fprintf(out, "%-8s %-10s %-8s %12s\n", "store", "client", "budget", "one decision")
	server.Pause() // SIGSTOP: connections stay open, nothing answers
	for _, c := range clients {
		fmt.Fprintf(out, "%-8s %-10s %-8s %s\n", "frozen", c.label, "50 ms", decide(c.rdb, 50*time.Millisecond))
	}
	server.Resume()
	server.Kill() // SIGKILL: connections are refused
	for _, c := range clients {
		fmt.Fprintf(out, "%-8s %-10s %-8s %s\n", "killed", c.label, "none", decide(c.rdb, 0))
		fmt.Fprintf(out, "%-8s %-10s %-8s %s\n", "killed", c.label, "50 ms", decide(c.rdb, 50*time.Millisecond))
	}
	return nil
}

// ANCHOR_END: timeouts
