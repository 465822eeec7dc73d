package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/deadletter"
)

// PoisonCase is how the billing consumer treats a message it cannot process.
type PoisonCase string

const (
	RetryForever PoisonCase = "nak every failure, no delivery limit (MaxDeliver -1), MaxAckPending 1"
	MaxDeliver   PoisonCase = "nak every failure, MaxDeliver 3, MaxAckPending 1"
	DeadLetter   PoisonCase = "dead-letter after 3 deliveries or a permanent failure, MaxDeliver -1, MaxAckPending 1; then fix and replay"
	// DeadLetterDown is DeadLetter with the dead-letter stream deleted until invoice 2 has failed
	// to be dead-lettered twice; the tests run it, the chapter does not show it.
	DeadLetterDown PoisonCase = "dead-letter as above, but the dead-letter stream is missing at first"
)

// Poison is what the billing consumer did with five invoices, two of which it cannot process.
type Poison struct {
	Trace      Trace
	Done       []string // invoices processed, in order
	Advisories []string // the broker's max-deliveries advisories: "stream sequence/deliveries"
	Dead       []string // invoices left in the dead-letter stream at the end
	NumPending uint64   // messages the consumer has not delivered yet, at the end
	AckPending uint64   // messages delivered and not yet acknowledged, at the end
}

// Five invoices: inv-2 names a region the tax table lacks, inv-5 is not JSON.
var invoices = []struct{ id, payload string }{
	{"inv-1", `{"region":"EU","cents":1000}`},
	{"inv-2", `{"region":"XX","cents":2000}`},
	{"inv-3", `{"region":"EU","cents":3000}`},
	{"inv-4", `{"region":"US","cents":4000}`},
	{"inv-5", `{"region":"EU","cents":`},
}

// taxHandler bills an invoice; it fails for regions that rates lacks and for payloads that do
// not parse (a permanent failure: no retry can fix those bytes).
func taxHandler(rates map[string]int) func(jetstream.Msg) error {
	return func(msg jetstream.Msg) error {
		var invoice struct {
			Region string `json:"region"`
			Cents  int    `json:"cents"`
		}
		if err := json.Unmarshal(msg.Data(), &invoice); err != nil {
			return fmt.Errorf("%w: %v", deadletter.ErrPermanent, err)
		}
		if _, ok := rates[invoice.Region]; !ok {
			return fmt.Errorf("no tax rate for region %s", invoice.Region)
		}
		return nil
	}
}

// PoisonMessages publishes the five invoices and consumes them as c says.
func PoisonMessages(ctx context.Context, env Env, c PoisonCase) (Poison, error) {
	r := Poison{Trace: Trace{"case: " + string(c)}}
	nc, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc.Close()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "INVOICES", Subjects: []string{"invoices.>"}}); err != nil {
		return r, err
	}
	dlqConfig := jetstream.StreamConfig{Name: "DEADLETTER", Subjects: []string{"dead.>"}, Retention: jetstream.WorkQueuePolicy}
	var dlq jetstream.Stream
	if c != DeadLetterDown {
		if dlq, err = js.CreateStream(ctx, dlqConfig); err != nil {
			return r, err
		}
	}
	// Only the limit alone sets the broker's MaxDeliver: with a dead-letter policy, the policy
	// decides when to give up, and the broker keeps delivering until it has.
	maxDeliver := -1
	if c == MaxDeliver {
		maxDeliver = 3
	}
	billing, err := js.CreateOrUpdateConsumer(ctx, "INVOICES", jetstream.ConsumerConfig{
		Durable: "billing", AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: 1, MaxDeliver: maxDeliver})
	if err != nil {
		return r, err
	}
	advisories := make(chan *nats.Msg, 16)
	sub, err := nc.ChanSubscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.INVOICES.billing", advisories)
	if err != nil {
		return r, err
	}
	defer sub.Unsubscribe()
	for _, inv := range invoices {
		msg := nats.NewMsg("invoices.created")
		msg.Data = []byte(inv.payload)
		msg.Header.Set("Invoice", inv.id)
		if _, err := js.PublishMsg(ctx, msg); err != nil {
			return r, err
		}
	}

	policy := deadletter.Policy{MaxDeliver: 3, Base: 10 * time.Millisecond, Ceiling: 100 * time.Millisecond,
		Rand: rand.New(rand.NewPCG(1, 2))}
	settled := 0 // messages done, dead-lettered, or failed on their last delivery
	handle := func(msg jetstream.Msg, handler func(jetstream.Msg) error) error {
		meta, err := msg.Metadata()
		if err != nil {
			return err
		}
		invoice := msg.Headers().Get("Invoice")
		step := fmt.Sprintf("%s delivery %d:", invoice, meta.NumDelivered)
		var failure error
		result := deadletter.Done
		shown := ""
		if c == DeadLetter || c == DeadLetterDown {
			result, err = policy.Handle(ctx, js, msg, func(m jetstream.Msg) error {
				failure = handler(m)
				return failure
			})
			if result == deadletter.Kept { // the error says why the dead letter was not stored
				shown, err = fmt.Sprintf(" (%v)", err), nil
			}
			if err != nil {
				return err
			}
		} else if failure = handler(msg); failure != nil {
			result = "nak"
			err = msg.NakWithDelay(10 * time.Millisecond)
		} else {
			err = msg.DoubleAck(ctx)
		}
		if failure != nil {
			r.Trace.Add("%s %v: %s%s", step, failure, result, shown)
		} else {
			r.Trace.Add("%s %s", step, result)
			r.Done = append(r.Done, invoice)
		}
		if failure == nil || result == deadletter.DeadLettered || int(meta.NumDelivered) == maxDeliver {
			settled++
		}
		return err
	}
	// consume hands messages to handler until stop says so.
	consume := func(handler func(jetstream.Msg) error, stop func() bool) error {
		for !stop() {
			msg, err := billing.Next(jetstream.FetchMaxWait(2 * time.Second))
			if err != nil {
				return fmt.Errorf("waiting for the next delivery: %w", err)
			}
			if err := handle(msg, handler); err != nil {
				return err
			}
		}
		return nil
	}

	buggy := taxHandler(map[string]int{"EU": 20, "US": 7})
	inv2Deliveries := 0
	countingInv2 := func(msg jetstream.Msg) error {
		if msg.Headers().Get("Invoice") == "inv-2" {
			inv2Deliveries++
		}
		return buggy(msg)
	}
	allSettled := func() bool { return settled == len(invoices) }
	switch c {
	case RetryForever:
		if err := consume(countingInv2, func() bool { return inv2Deliveries == 6 }); err != nil {
			return r, err
		}
	case DeadLetterDown:
		// Deliveries 3 and 4 of invoice 2 cannot store their dead letter: the broker must
		// deliver it again, and once the stream exists, the policy must dead-letter it.
		if err := consume(countingInv2, func() bool { return inv2Deliveries == 4 }); err != nil {
			return r, err
		}
		if dlq, err = js.CreateStream(ctx, dlqConfig); err != nil {
			return r, err
		}
		r.Trace.Add("dead-letter stream created")
		if err := consume(buggy, allSettled); err != nil {
			return r, err
		}
	case MaxDeliver, DeadLetter:
		if err := consume(buggy, allSettled); err != nil {
			return r, err
		}
	}
	if c == DeadLetter || c == DeadLetterDown {
		if err := r.listDead(ctx, dlq, "dead letters"); err != nil {
			return r, err
		}
	}
	if c == DeadLetter {
		replayer, err := js.CreateOrUpdateConsumer(ctx, "DEADLETTER", jetstream.ConsumerConfig{
			Durable: "replay", AckPolicy: jetstream.AckExplicitPolicy})
		if err != nil {
			return r, err
		}
		n, err := deadletter.Replay(ctx, js, replayer, 10)
		if err != nil {
			return r, err
		}
		r.Trace.Add("fix deployed (a tax rate for XX); replayed %d dead letter(s)", n)
		settled = 0
		fixed := taxHandler(map[string]int{"EU": 20, "US": 7, "XX": 0})
		if err := consume(fixed, func() bool { return settled == n }); err != nil {
			return r, err
		}
		if err := r.listDead(ctx, dlq, "dead letters after the replay"); err != nil {
			return r, err
		}
	}

	if c == MaxDeliver {
		// The broker gives up on a message when it would deliver it again, so only while a
		// worker asks for more: ask once more, and expect nothing.
		if msg, err := billing.Next(jetstream.FetchMaxWait(300 * time.Millisecond)); !errors.Is(err, nats.ErrTimeout) {
			return r, fmt.Errorf("after the last delivery: got %v, %v; want nothing", msg, err)
		}
		for deadline := time.Now().Add(5 * time.Second); len(advisories) < 2 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
	}
	for len(advisories) > 0 {
		var advisory struct {
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries uint64 `json:"deliveries"`
		}
		if err := json.Unmarshal((<-advisories).Data, &advisory); err != nil {
			return r, err
		}
		r.Advisories = append(r.Advisories, fmt.Sprintf("%d/%d", advisory.StreamSeq, advisory.Deliveries))
	}
	slices.Sort(r.Advisories)
	info, err := settledInfo(ctx, billing)
	if err != nil {
		return r, err
	}
	r.NumPending, r.AckPending = info.NumPending, uint64(info.NumAckPending)
	r.Trace.Add("end: done %v | consumer: %d waiting, %d unacknowledged, %d redelivered | max-deliveries advisories (stream sequence/deliveries) %v",
		r.Done, info.NumPending, info.NumAckPending, info.NumRedelivered, r.Advisories)
	return r, nil
}

// listDead adds the dead letters the stream holds to the trace, and keeps their invoices.
func (r *Poison) listDead(ctx context.Context, dlq jetstream.Stream, title string) error {
	info, err := dlq.Info(ctx)
	if err != nil {
		return err
	}
	r.Trace.Add("%s: %d", title, info.State.Msgs)
	r.Dead = nil
	for seq := info.State.FirstSeq; info.State.Msgs > 0 && seq <= info.State.LastSeq; seq++ {
		msg, err := dlq.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // acknowledged by the replay, so removed from the work queue
		}
		if err != nil {
			return err
		}
		invoice := msg.Header.Get("Invoice")
		r.Dead = append(r.Dead, invoice)
		r.Trace.Add("  %s (%s, stream sequence %s), dead at delivery %s: %s", invoice, msg.Header.Get(deadletter.HeaderSubject),
			msg.Header.Get(deadletter.HeaderSequence), msg.Header.Get(deadletter.HeaderDeliveries),
			msg.Header.Get(deadletter.HeaderError))
	}
	return nil
}
