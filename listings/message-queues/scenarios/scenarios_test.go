package scenarios

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/broker"
	"playbook.example/message-queues/internal/pgdb"
)

// scenario runs one failure and returns the checks of its outcome.
type scenario struct {
	name string
	run  func(context.Context, Env) (func(*testing.T), error)
}

var scenarios = []scenario{
	{"commit then publish, publish then commit", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := DualWrite(ctx, env)
		return func(t *testing.T) {
			// Each direction leaves one side without the other: they disagree both ways.
			if !slices.Equal(r.Orders, []int64{1}) || !slices.Equal(r.Events, []int64{2}) {
				t.Errorf("orders %v, events %v; want orders [1] and events [2]", r.Orders, r.Events)
			}
		}, err
	}},
	{"outbox with a killed relay and a stopped broker", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := Outbox(ctx, env)
		return func(t *testing.T) {
			if !slices.Equal(r.Orders, []int64{1, 3}) || !slices.Equal(r.Events, r.Orders) {
				t.Errorf("orders %v, events %v; want both [1 3]", r.Orders, r.Events)
			}
			if !strings.Contains(r.Trace.String(), "relay B: relayed 1, already in the stream 1") {
				t.Errorf("the second relay should find its row already in the stream:\n%s", r.Trace)
			}
		}, err
	}},
	{"outbox rows committed out of ID order", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := CommitOrder(ctx, env)
		return func(t *testing.T) {
			if !slices.Equal(r.ByWatermark, []int64{2}) || !slices.Equal(r.ByPending, []int64{2, 1}) {
				t.Errorf("by watermark %v, by pending rows %v; want [2] and [2 1]", r.ByWatermark, r.ByPending)
			}
		}, err
	}},
	{"two relays at once", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := TwoRelays(ctx, env, 200)
		return func(t *testing.T) {
			// Relay B skips the rows relay A holds instead of waiting for them.
			if !slices.Equal(r.HeldByA, ids(1, 10)) || !slices.Equal(r.ClaimedByB, ids(11, 20)) {
				t.Errorf("relay A holds %v, relay B claims %v; want 1 to 10 and 11 to 20", r.HeldByA, r.ClaimedByB)
			}
			if r.Relayed != 200 || r.Duplicates != 0 || r.Stored != 200 {
				t.Errorf("relayed %d, duplicates %d, stored %d; want 200, 0, 200", r.Relayed, r.Duplicates, r.Stored)
			}
		}, err
	}},
	{"ack, then apply", balance(AckFirst, 100)},      // the second payment is lost
	{"apply, then ack", balance(AckAfter, 600)},      // the second payment counts twice
	{"apply through the inbox", balance(Inbox, 350)}, // exactly once in effect
	{"ordering, one in flight", order(OneInFlight, []int{1, 2, 3}, "shipped")},
	{"ordering, prefetched batch", order(Prefetch, []int{2, 3, 1}, "placed")},
	{"ordering, two workers", order(TwoWorkers, []int{2, 3, 1}, "placed")},
	{"poison, retried forever", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := PoisonMessages(ctx, env, RetryForever)
		return func(t *testing.T) {
			// inv-2 blocks the three invoices behind it, and is never settled.
			if !slices.Equal(r.Done, []string{"inv-1"}) || r.NumPending != 3 || r.AckPending != 1 {
				t.Errorf("done %v with %d waiting, %d unacknowledged; want [inv-1] with 3 waiting, 1 unacknowledged",
					r.Done, r.NumPending, r.AckPending)
			}
		}, err
	}},
	{"poison, MaxDeliver alone", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := PoisonMessages(ctx, env, MaxDeliver)
		return func(t *testing.T) {
			if !slices.Equal(r.Done, []string{"inv-1", "inv-3", "inv-4"}) || !slices.Equal(r.Advisories, []string{"2/3", "5/3"}) {
				t.Errorf("done %v, advisories %v; want [inv-1 inv-3 inv-4] and [2/3 5/3]", r.Done, r.Advisories)
			}
		}, err
	}},
	{"poison, dead letters and a replay", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := PoisonMessages(ctx, env, DeadLetter)
		return func(t *testing.T) {
			if !slices.Equal(r.Done, []string{"inv-1", "inv-3", "inv-4", "inv-2"}) || !slices.Equal(r.Dead, []string{"inv-5"}) {
				t.Errorf("done %v, dead %v; want [inv-1 inv-3 inv-4 inv-2] and [inv-5]", r.Done, r.Dead)
			}
			if !strings.Contains(r.Trace.String(), "inv-5 delivery 1: permanent failure") {
				t.Errorf("a payload that does not parse should be dead-lettered on its first delivery:\n%s", r.Trace)
			}
		}, err
	}},
	{"poison, dead-letter stream missing", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := PoisonMessages(ctx, env, DeadLetterDown)
		return func(t *testing.T) {
			// A dead letter that could not be stored is delivered again, not dropped.
			trace := r.Trace.String()
			for _, step := range []string{"inv-2 delivery 3: no tax rate for region XX: dead letter not stored",
				"inv-2 delivery 4: no tax rate for region XX: dead letter not stored",
				"inv-2 delivery 5: no tax rate for region XX: dead-lettered"} {
				if !strings.Contains(trace, step) {
					t.Errorf("want %q in the trace:\n%s", step, trace)
				}
			}
			if !slices.Equal(r.Done, []string{"inv-1", "inv-3", "inv-4"}) || !slices.Equal(r.Dead, []string{"inv-2", "inv-5"}) {
				t.Errorf("done %v, dead %v; want [inv-1 inv-3 inv-4] and [inv-2 inv-5]\n%s", r.Done, r.Dead, trace)
			}
		}, err
	}},
	{"full stream, discard old", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := FullStream(ctx, env, jetstream.DiscardOld)
		return func(t *testing.T) {
			// Every publish was acknowledged, and the 50 oldest were dropped without an error.
			if r.Stored != 150 || r.Refused != 0 || r.Received != 100 || r.FirstReceived != 51 {
				t.Errorf("stored %d, refused %d, received %d from %d; want 150, 0, 100 from 51",
					r.Stored, r.Refused, r.Received, r.FirstReceived)
			}
		}, err
	}},
	{"full stream, discard new", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := FullStream(ctx, env, jetstream.DiscardNew)
		return func(t *testing.T) {
			if r.Stored != 100 || r.Refused != 50 || r.Received != 100 || r.FirstReceived != 1 ||
				r.LagBefore != 100 || r.RetriedAfterCatchUp != 50 || r.LagAfter != 50 {
				t.Errorf("%+v; want 100 stored, 50 refused, 100 received from 1, lag 100, 50 stored on retry, lag 50", r)
			}
			if !strings.Contains(r.Trace.String(), "maximum messages exceeded") {
				t.Errorf("the producer should see why it was refused:\n%s", r.Trace)
			}
		}, err
	}},
	{"a stuck worker", func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := StuckWorker(ctx, env)
		return func(t *testing.T) {
			if r.StuckHolds != 10 || r.OtherGot != 0 || r.AckPending != 10 || r.Waiting != 40 ||
				r.OtherGotAfterAckWait != 10 || r.RedeliveredAfterAckWait != 10 {
				t.Errorf("%+v; want 10 held, 0 for the other worker, 10 unacknowledged, 40 waiting, then 10 redeliveries", r)
			}
		}, err
	}},
}

// ids is first, first+1, ..., last.
func ids(first, last int64) []int64 {
	var s []int64
	for id := first; id <= last; id++ {
		s = append(s, id)
	}
	return s
}

func balance(s Strategy, want int64) func(context.Context, Env) (func(*testing.T), error) {
	return func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := AtLeastOnce(ctx, env, s)
		return func(t *testing.T) {
			if r.BalanceCents != want {
				t.Errorf("balance %d cents; want %d\n%s", r.BalanceCents, want, r.Trace)
			}
		}, err
	}
}

func order(c OrderingCase, applied []int, lastWins string) func(context.Context, Env) (func(*testing.T), error) {
	return func(ctx context.Context, env Env) (func(*testing.T), error) {
		r, err := OrderEvents(ctx, env, c)
		return func(t *testing.T) {
			if !slices.Equal(r.Applied, applied) || r.LastWins != lastWins || r.Newer != "shipped" {
				t.Errorf("applied %v, last-wins %q, if-newer %q; want %v, %q, \"shipped\"\n%s",
					r.Applied, r.LastWins, r.Newer, applied, lastWins, r.Trace)
			}
		}, err
	}
}

// TestScenarios runs every scenario at the same time, each with a broker and a database of its
// own (they mostly wait on the broker's timers), then checks each outcome in a subtest.
func TestScenarios(t *testing.T) {
	if os.Getenv("PGHOST") == "" {
		t.Fatal("PGHOST is not set: run these tests through `make listings`, which starts PostgreSQL 18, or set PGHOST, PGPORT, PGUSER and PGPASSWORD")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	checks := make([]func(*testing.T), len(scenarios))
	errs := make([]error, len(scenarios))
	var wg sync.WaitGroup
	for i, s := range scenarios {
		dir := t.TempDir()
		wg.Go(func() {
			b, err := broker.Start(dir)
			if err != nil {
				errs[i] = err
				return
			}
			defer b.Stop()
			db, drop, err := pgdb.Create(ctx, "scenario")
			if err != nil {
				errs[i] = err
				return
			}
			checks[i], errs[i] = s.run(ctx, Env{Broker: b, DB: db})
			if err := drop(); errs[i] == nil {
				errs[i] = err
			}
		})
	}
	wg.Wait()
	for i, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			checks[i](t)
		})
	}
}
