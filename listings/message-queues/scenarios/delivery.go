package scenarios

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/inbox"
)

// Strategy is how a consumer orders its acknowledgement and its effect.
type Strategy string

const (
	AckFirst Strategy = "ack, then apply"
	AckAfter Strategy = "apply, then ack"
	Inbox    Strategy = "apply through the inbox, then ack"
)

// Delivery is what one strategy did with two payments when its worker died mid-message.
type Delivery struct {
	Trace        Trace
	BalanceCents int64 // what the account holds at the end; the payments add up to 350
}

// ackWait is how long the broker waits for an acknowledgement before it delivers again.
const ackWait = 200 * time.Millisecond

// AtLeastOnce publishes two payments of 100 and 250 cents. Worker 1 handles the first fully and
// dies in the middle of the second, at the point the strategy makes dangerous; worker 2, on a
// connection of its own, takes over.
func AtLeastOnce(ctx context.Context, env Env, strategy Strategy) (Delivery, error) {
	var r Delivery
	if _, err := env.DB.Exec(ctx, inbox.Schema); err != nil {
		return r, err
	}
	nc1, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc1.Close()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PAYMENTS", Subjects: []string{"payments.>"}}); err != nil {
		return r, err
	}
	config := jetstream.ConsumerConfig{Durable: "ledger", AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait}
	worker1, err := js.CreateOrUpdateConsumer(ctx, "PAYMENTS", config)
	if err != nil {
		return r, err
	}
	for i, cents := range []int64{100, 250} {
		data, _ := json.Marshal(inbox.Payment{Customer: "ada", AmountCents: cents})
		if _, err := js.Publish(ctx, "payments.ada", data, jetstream.WithMsgID(fmt.Sprintf("pay-%d", i+1))); err != nil {
			return r, err
		}
	}
	apply := func(worker string, msg jetstream.Msg) error {
		var p inbox.Payment
		if err := json.Unmarshal(msg.Data(), &p); err != nil {
			return err
		}
		meta, err := msg.Metadata()
		if err != nil {
			return err
		}
		id := msg.Headers().Get(jetstream.MsgIDHeader)
		if strategy == Inbox {
			duplicate, err := inbox.Apply(ctx, env.DB, "ledger", id, p)
			if duplicate {
				r.Trace.Add("%s: %s delivery %d: already in the inbox, nothing applied", worker, id, meta.NumDelivered)
			} else {
				r.Trace.Add("%s: %s delivery %d: applied %d cents and its inbox row", worker, id, meta.NumDelivered, p.AmountCents)
			}
			return err
		}
		r.Trace.Add("%s: %s delivery %d: applied %d cents", worker, id, meta.NumDelivered, p.AmountCents)
		return inbox.ApplyOnce(ctx, env.DB, p)
	}
	ack := func(worker string, msg jetstream.Msg) error {
		r.Trace.Add("%s: %s acknowledged", worker, msg.Headers().Get(jetstream.MsgIDHeader))
		return msg.DoubleAck(ctx)
	}
	handle := func(worker string, msg jetstream.Msg, dies bool) error {
		first, second := apply, ack
		if strategy == AckFirst {
			first, second = ack, apply
		}
		if err := first(worker, msg); err != nil {
			return err
		}
		if dies {
			r.Trace.Add("%s dies", worker)
			nc1.Close()
			return nil
		}
		return second(worker, msg)
	}

	for _, dies := range []bool{false, true} {
		msg, err := worker1.Next(jetstream.FetchMaxWait(time.Second))
		if err != nil {
			return r, err
		}
		if err := handle("worker 1", msg, dies); err != nil {
			return r, err
		}
	}

	nc2, js2, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc2.Close()
	worker2, err := js2.Consumer(ctx, "PAYMENTS", "ledger")
	if err != nil {
		return r, err
	}
	msg, err := worker2.Next(jetstream.FetchMaxWait(4 * ackWait))
	switch {
	case errors.Is(err, nats.ErrTimeout):
		r.Trace.Add("worker 2: nothing delivered within %v", 4*ackWait)
	case err != nil:
		return r, err
	default:
		if err := handle("worker 2", msg, false); err != nil {
			return r, err
		}
	}
	err = env.DB.QueryRow(ctx, `SELECT balance_cents FROM accounts WHERE customer = 'ada'`).Scan(&r.BalanceCents)
	r.Trace.Add("end: balance %d cents; the payments add up to 350", r.BalanceCents)
	return r, err
}
