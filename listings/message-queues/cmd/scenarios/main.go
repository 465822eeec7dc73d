// Command scenarios runs every failure of the chapter against a NATS server it starts itself
// and the PostgreSQL server that the PG* variables name, and prints each trace as a section
// headed "==> name <==". Each scenario gets a broker and a database of its own.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/broker"
	"playbook.example/message-queues/internal/pgdb"
	"playbook.example/message-queues/scenarios"
)

type scenario struct {
	name string
	run  func(context.Context, scenarios.Env) (scenarios.Trace, error)
}

var all = []scenario{
	{"dual_write", func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.DualWrite(ctx, env)
		return r.Trace, err
	}},
	{"outbox", func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.Outbox(ctx, env)
		return r.Trace, err
	}},
	{"commit_order", func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.CommitOrder(ctx, env)
		return r.Trace, err
	}},
	{"ack_first", delivery(scenarios.AckFirst)},
	{"ack_after", delivery(scenarios.AckAfter)},
	{"inbox", delivery(scenarios.Inbox)},
	{"ordering_one_in_flight", ordering(scenarios.OneInFlight)},
	{"ordering_prefetch", ordering(scenarios.Prefetch)},
	{"ordering_two_workers", ordering(scenarios.TwoWorkers)},
	{"poison_forever", poison(scenarios.RetryForever)},
	{"poison_max_deliver", poison(scenarios.MaxDeliver)},
	{"poison_dead_letter", poison(scenarios.DeadLetter)},
	{"discard_old", fullStream(jetstream.DiscardOld)},
	{"discard_new", fullStream(jetstream.DiscardNew)},
	{"stuck_worker", func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.StuckWorker(ctx, env)
		return r.Trace, err
	}},
	{"two_relays", func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.TwoRelays(ctx, env, 200)
		return r.Trace, err
	}},
}

func delivery(strategy scenarios.Strategy) func(context.Context, scenarios.Env) (scenarios.Trace, error) {
	return func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.AtLeastOnce(ctx, env, strategy)
		return append(scenarios.Trace{"strategy: " + string(strategy)}, r.Trace...), err
	}
}

func ordering(c scenarios.OrderingCase) func(context.Context, scenarios.Env) (scenarios.Trace, error) {
	return func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.OrderEvents(ctx, env, c)
		return r.Trace, err
	}
}

func poison(c scenarios.PoisonCase) func(context.Context, scenarios.Env) (scenarios.Trace, error) {
	return func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.PoisonMessages(ctx, env, c)
		return r.Trace, err
	}
}

func fullStream(discard jetstream.DiscardPolicy) func(context.Context, scenarios.Env) (scenarios.Trace, error) {
	return func(ctx context.Context, env scenarios.Env) (scenarios.Trace, error) {
		r, err := scenarios.FullStream(ctx, env, discard)
		return r.Trace, err
	}
}

func main() {
	only := ""
	if len(os.Args) > 1 {
		only = os.Args[1]
	}
	// The scenarios spend most of their time waiting for the broker's timers, so they run at the
	// same time, each with its own broker and database, and print in the order of the list.
	type result struct {
		trace scenarios.Trace
		err   error
	}
	results := make([]chan result, len(all))
	for i, s := range all {
		results[i] = make(chan result, 1)
		if only != "" && s.name != only {
			close(results[i])
			continue
		}
		go func() {
			trace, err := runOne(s)
			results[i] <- result{trace, err}
		}()
	}
	failed := false
	for i, s := range all {
		r, ok := <-results[i]
		if !ok {
			continue
		}
		fmt.Printf("==> %s <==\n%s", s.name, r.trace)
		if r.err != nil {
			fmt.Fprintf(os.Stderr, "scenarios: %s: %v\n", s.name, r.err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

func runOne(s scenario) (scenarios.Trace, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "nats-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	b, err := broker.Start(dir)
	if err != nil {
		return nil, err
	}
	defer b.Stop()
	db, drop, err := pgdb.Create(ctx, s.name)
	if err != nil {
		return nil, err
	}
	defer drop()
	return s.run(ctx, scenarios.Env{Broker: b, DB: db})
}
