package scenarios

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Limit is what a full stream did with a producer that kept publishing while its consumer was
// stopped.
type Limit struct {
	Trace               Trace
	Stored, Refused     int    // publishes the broker acknowledged, and refused
	Received            int    // messages the consumer got once it resumed
	FirstReceived       uint64 // the stream sequence of the first of those
	LagBefore, LagAfter uint64 // the consumer's pending count while stopped and after it caught up
	RetriedAfterCatchUp int    // refused messages stored when the producer tried again
}

// FullStream publishes 150 messages into a work-queue stream that holds at most 100 while its
// consumer is stopped; discard says what the stream does when it is full.
func FullStream(ctx context.Context, env Env, discard jetstream.DiscardPolicy) (Limit, error) {
	r := Limit{Trace: Trace{fmt.Sprintf("stream: work queue, at most 100 messages, discard %s", discard)}}
	nc, js, err := env.Broker.Connect()
	if err != nil {
		return r, err
	}
	defer nc.Close()
	// ANCHOR: limits
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{
		Name: "EVENTS", Subjects: []string{"events.>"}, Retention: jetstream.WorkQueuePolicy,
		MaxMsgs: 100, Discard: discard,
	})
	// ANCHOR_END: limits
	if err != nil {
		return r, err
	}
	consumer, err := js.CreateOrUpdateConsumer(ctx, "EVENTS", jetstream.ConsumerConfig{
		Durable: "indexer", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		return r, err
	}
	var refused []int
	firstRefusal := "none"
	for i := 1; i <= 150; i++ {
		_, err := js.Publish(ctx, "events.page", fmt.Appendf(nil, "%d", i))
		if err != nil {
			r.Refused++
			refused = append(refused, i)
			if r.Refused == 1 {
				firstRefusal = fmt.Sprintf("message %d: %v", i, err)
			}
			continue
		}
		r.Stored++
	}
	r.Trace.Add("producer: 150 publishes, %d acknowledged, %d refused; first refusal: %s", r.Stored, r.Refused, firstRefusal)
	info, err := settledInfo(ctx, consumer)
	if err != nil {
		return r, err
	}
	state, err := stream.Info(ctx)
	if err != nil {
		return r, err
	}
	r.LagBefore = info.NumPending
	r.Trace.Add("stream holds %d messages, sequences %d to %d; consumer lag: %d waiting",
		state.State.Msgs, state.State.FirstSeq, state.State.LastSeq, info.NumPending)

	for {
		batch, err := consumer.FetchNoWait(50)
		if err != nil {
			return r, err
		}
		n := 0
		for msg := range batch.Messages() {
			meta, err := msg.Metadata()
			if err != nil {
				return r, err
			}
			if r.Received == 0 {
				r.FirstReceived = meta.Sequence.Stream
			}
			r.Received++
			n++
			if err := msg.DoubleAck(ctx); err != nil {
				return r, err
			}
		}
		if n == 0 {
			break
		}
	}
	for _, i := range refused {
		if _, err := js.Publish(ctx, "events.page", fmt.Appendf(nil, "%d", i)); err == nil {
			r.RetriedAfterCatchUp++
		}
	}
	if info, err = settledInfo(ctx, consumer); err != nil {
		return r, err
	}
	r.LagAfter = info.NumPending
	r.Trace.Add("consumer resumes: received %d, the first at stream sequence %d; acknowledged but never received: %d",
		r.Received, r.FirstReceived, r.Stored-r.Received)
	r.Trace.Add("producer retries its %d refused messages: %d stored; consumer lag: %d waiting",
		len(refused), r.RetriedAfterCatchUp, r.LagAfter)
	return r, nil
}

// settledInfo reads the consumer's state until two readings 100 ms apart agree on its counts:
// the server applies acknowledgements in the background, from a queue per consumer.
func settledInfo(ctx context.Context, consumer jetstream.Consumer) (*jetstream.ConsumerInfo, error) {
	info, err := consumer.Info(ctx)
	for range 20 {
		if err != nil {
			return nil, err
		}
		time.Sleep(100 * time.Millisecond)
		next, err := consumer.Info(ctx)
		if err != nil {
			return nil, err
		}
		if next.NumPending == info.NumPending && next.NumAckPending == info.NumAckPending {
			return next, nil
		}
		info = next
	}
	return nil, fmt.Errorf("consumer %s: counts still changing after 2s", info.Name)
}

// Stall is what one stuck worker did to the others on the same consumer.
type Stall struct {
	Trace                   Trace
	StuckHolds, OtherGot    int
	AckPending              int
	Waiting                 uint64
	OtherGotAfterAckWait    int
	RedeliveredAfterAckWait int
}

// stallAckWait is the stuck worker's ack wait: longer than worker 2's first fetch takes.
const stallAckWait = 600 * time.Millisecond

// StuckWorker gives a consumer with MaxAckPending 10 fifty messages; worker 1 takes its share
// and hangs without acknowledging, and worker 2 asks for more.
func StuckWorker(ctx context.Context, env Env) (Stall, error) {
	var r Stall
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
	if _, err := js1.CreateStream(ctx, jetstream.StreamConfig{Name: "JOBS", Subjects: []string{"jobs.>"},
		Retention: jetstream.WorkQueuePolicy}); err != nil {
		return r, err
	}
	// ANCHOR: maxackpending
	worker1, err := js1.CreateOrUpdateConsumer(ctx, "JOBS", jetstream.ConsumerConfig{
		Durable: "thumbnails", AckPolicy: jetstream.AckExplicitPolicy,
		MaxAckPending: 10, AckWait: stallAckWait,
	})
	// ANCHOR_END: maxackpending
	if err != nil {
		return r, err
	}
	worker2, err := js2.Consumer(ctx, "JOBS", "thumbnails")
	if err != nil {
		return r, err
	}
	for i := 1; i <= 50; i++ {
		if _, err := js1.Publish(ctx, "jobs.resize", fmt.Appendf(nil, "%d", i)); err != nil {
			return r, err
		}
	}
	// fetch asks for up to 10 messages and waits at most 150 ms for them.
	fetch := func(consumer jetstream.Consumer) (got, redelivered int, err error) {
		batch, err := consumer.Fetch(10, jetstream.FetchMaxWait(150*time.Millisecond))
		if err != nil {
			return 0, 0, err
		}
		for msg := range batch.Messages() {
			got++
			if meta, err := msg.Metadata(); err == nil && meta.NumDelivered > 1 {
				redelivered++
			}
		}
		return got, redelivered, batch.Error()
	}
	took := time.Now()
	if r.StuckHolds, _, err = fetch(worker1); err != nil {
		return r, err
	}
	r.Trace.Add("worker 1 asks for 10: gets %d, then hangs without acknowledging", r.StuckHolds)
	if r.OtherGot, _, err = fetch(worker2); err != nil {
		return r, err
	}
	info, err := worker2.Info(ctx)
	if err != nil {
		return r, err
	}
	r.AckPending, r.Waiting = info.NumAckPending, info.NumPending
	r.Trace.Add("worker 2 asks for 10: gets %d; consumer: %d unacknowledged, %d waiting", r.OtherGot, r.AckPending, r.Waiting)
	time.Sleep(time.Until(took.Add(stallAckWait + 100*time.Millisecond)))
	if r.OtherGotAfterAckWait, r.RedeliveredAfterAckWait, err = fetch(worker2); err != nil {
		return r, err
	}
	r.Trace.Add("after worker 1's ack wait (%v): worker 2 asks again: gets %d, %d of them redeliveries",
		stallAckWait, r.OtherGotAfterAckWait, r.RedeliveredAfterAckWait)
	return r, nil
}
