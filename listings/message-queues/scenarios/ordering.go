package scenarios

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/projection"
)

// OrderingCase is one way of consuming the same three events of one order.
type OrderingCase string

const (
	OneInFlight OrderingCase = "one worker, MaxAckPending 1; the first delivery of v1 fails"
	Prefetch    OrderingCase = "one worker fetching 3 at a time, MaxAckPending 1000; the first delivery of v1 fails"
	TwoWorkers  OrderingCase = "two workers on one consumer; worker 1 is slow with v1"
)

// Ordering is what two projections made of the events: one where the last event applied
// wins, one that applies an event only if it is newer than what it holds.
type Ordering struct {
	Trace    Trace
	Applied  []int  // the versions, in the order the handler applied them
	LastWins string // the status each projection ends with; the order's real status is "shipped"
	Newer    string
}

var orderEvents = []projection.StatusChanged{
	{OrderID: "A-7", Status: "placed", Version: 1},
	{OrderID: "A-7", Status: "paid", Version: 2},
	{OrderID: "A-7", Status: "shipped", Version: 3},
}

// OrderEvents publishes one order's three events on its subject and consumes them as c says.
func OrderEvents(ctx context.Context, env Env, c OrderingCase) (Ordering, error) {
	r := Ordering{Trace: Trace{"case: " + string(c)}}
	lastWins, newer := projection.Table("status_last_wins"), projection.Table("status_if_newer")
	for _, t := range []projection.Table{lastWins, newer} {
		if err := t.Create(ctx, env.DB); err != nil {
			return r, err
		}
	}
	nc1, js1, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc1.Close()
	nc2, js2, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc2.Close()
	if _, err := js1.CreateStream(ctx, jetstream.StreamConfig{Name: "STATUS", Subjects: []string{"status.>"}}); err != nil {
		return r, err
	}
	maxAckPending := 1000
	if c == OneInFlight {
		maxAckPending = 1
	}
	worker1, err := js1.CreateOrUpdateConsumer(ctx, "STATUS", jetstream.ConsumerConfig{
		Durable: "projector", AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: maxAckPending})
	if err != nil {
		return r, err
	}
	worker2, err := js2.Consumer(ctx, "STATUS", "projector")
	if err != nil {
		return r, err
	}
	for _, e := range orderEvents {
		data, _ := json.Marshal(e)
		if _, err := js1.Publish(ctx, "status."+e.OrderID, data); err != nil {
			return r, err
		}
	}

	handle := func(worker string, msg jetstream.Msg) error {
		var e projection.StatusChanged
		if err := json.Unmarshal(msg.Data(), &e); err != nil {
			return err
		}
		meta, err := msg.Metadata()
		if err != nil {
			return err
		}
		step := fmt.Sprintf("%s: v%d %s, delivery %d:", worker, e.Version, e.Status, meta.NumDelivered)
		if c != TwoWorkers && e.Version == 1 && meta.NumDelivered == 1 {
			r.Trace.Add("%s fails, nak", step)
			return msg.Nak()
		}
		if err := lastWins.ApplyLast(ctx, env.DB, e); err != nil {
			return err
		}
		applied, err := newer.ApplyNewer(ctx, env.DB, e)
		if err != nil {
			return err
		}
		r.Applied = append(r.Applied, e.Version)
		r.Trace.Add("%s last-wins stores it; if-newer %s", step, map[bool]string{true: "stores it", false: "ignores it"}[applied])
		return msg.DoubleAck(ctx)
	}
	fetch := func(worker string, consumer jetstream.Consumer, n int) error {
		batch, err := consumer.Fetch(n, jetstream.FetchMaxWait(200*time.Millisecond))
		if err != nil {
			return err
		}
		for msg := range batch.Messages() {
			if err := handle(worker, msg); err != nil {
				return err
			}
		}
		return batch.Error()
	}

	if c == TwoWorkers {
		slow, err := worker1.Next(jetstream.FetchMaxWait(time.Second)) // v1, held while worker 2 runs
		if err != nil {
			return r, err
		}
		if err := fetch("worker 2", worker2, 2); err != nil {
			return r, err
		}
		if err := handle("worker 1", slow); err != nil {
			return r, err
		}
	} else {
		for round := 0; len(r.Applied) < len(orderEvents); round++ {
			if round == 10 {
				return r, fmt.Errorf("applied %v after %d fetches", r.Applied, round)
			}
			if err := fetch("worker 1", worker1, 3); err != nil {
				return r, err
			}
		}
	}
	for _, t := range []struct {
		table  projection.Table
		status *string
	}{{lastWins, &r.LastWins}, {newer, &r.Newer}} {
		if *t.status, _, err = t.table.Status(ctx, env.DB, "A-7"); err != nil {
			return r, err
		}
	}
	r.Trace.Add("end: applied in the order %v | last-wins holds %q | if-newer holds %q", r.Applied, r.LastWins, r.Newer)
	return r, nil
}
