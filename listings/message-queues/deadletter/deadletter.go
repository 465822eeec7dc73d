// Package deadletter decides what happens to a message its handler failed on: another attempt
// later, or the dead-letter stream, where it waits for a person and a replay.
package deadletter

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/retry"
)

// ErrPermanent marks a failure that no retry can fix, such as a payload that does not parse.
var ErrPermanent = errors.New("permanent failure")

// Headers a dead letter carries, so that a person can see what failed and a replay knows where
// the message came from.
const (
	HeaderSubject    = "Dead-Letter-Subject"
	HeaderSequence   = "Dead-Letter-Stream-Sequence"
	HeaderDeliveries = "Dead-Letter-Deliveries"
	HeaderError      = "Dead-Letter-Error"
)

// Outcome is what Handle did with a message.
type Outcome string

const (
	Done         Outcome = "done"
	Retried      Outcome = "retry later"
	DeadLettered Outcome = "dead-lettered"
	Kept         Outcome = "dead letter not stored, delivered again later"
)

// Policy is a consumer's answer to failures: it dead-letters a message on its MaxDeliver-th
// delivery. The consumer's own MaxDeliver must be unlimited (-1) so that the policy decides: a
// broker limit would drop a message whose dead letter could not be stored.
type Policy struct {
	MaxDeliver    int
	Base, Ceiling time.Duration
	Rand          *rand.Rand
}

// ANCHOR: handle
// Handle runs handler on msg. A success is acknowledged. A failure is retried after a jittered
// backoff, unless it is permanent or this was the last delivery: then the message goes to the
// subject "dead." + its subject, with why, and is terminated so the broker stops delivering it.
// If the dead letter cannot be stored, the message is kept (Kept, and the error says why).
func (p Policy) Handle(ctx context.Context, js jetstream.JetStream, msg jetstream.Msg,
	handler func(jetstream.Msg) error) (Outcome, error) {
	failure := handler(msg)
	if failure == nil {
		return Done, msg.DoubleAck(ctx)
	}
	meta, err := msg.Metadata()
	if err != nil {
		return "", err
	}
	if !errors.Is(failure, ErrPermanent) && int(meta.NumDelivered) < p.MaxDeliver {
		delay := retry.FullJitter(p.Rand, int(meta.NumDelivered)-1, p.Base, p.Ceiling)
		return Retried, msg.NakWithDelay(delay)
	}
	dead := nats.NewMsg("dead." + msg.Subject())
	dead.Data = msg.Data()
	copyHeaders(dead.Header, msg.Headers())
	dead.Header.Set(HeaderSubject, msg.Subject())
	dead.Header.Set(HeaderSequence, strconv.FormatUint(meta.Sequence.Stream, 10))
	dead.Header.Set(HeaderDeliveries, strconv.FormatUint(meta.NumDelivered, 10))
	dead.Header.Set(HeaderError, failure.Error())
	id := fmt.Sprintf("dead-%s-%d", meta.Stream, meta.Sequence.Stream)
	if _, err := js.PublishMsg(ctx, dead, jetstream.WithMsgID(id)); err != nil {
		return Kept, errors.Join(fmt.Errorf("store the dead letter: %w", err), msg.NakWithDelay(p.Ceiling))
	}
	return DeadLettered, msg.TermWithReason(failure.Error())
}

// ANCHOR_END: handle

// ANCHOR: replay
// Replay takes up to limit dead letters from consumer and publishes each to its original
// subject again, for the fixed handler to process. A dead letter is acknowledged, and so
// removed from a work-queue stream, only once the broker has stored its replay.
func Replay(ctx context.Context, js jetstream.JetStream, consumer jetstream.Consumer, limit int) (int, error) {
	batch, err := consumer.FetchNoWait(limit)
	if err != nil {
		return 0, err
	}
	replayed := 0
	for dead := range batch.Messages() {
		meta, err := dead.Metadata()
		if err != nil {
			return replayed, err
		}
		msg := nats.NewMsg(dead.Headers().Get(HeaderSubject))
		msg.Data = dead.Data()
		copyHeaders(msg.Header, dead.Headers())
		for _, name := range []string{HeaderSubject, HeaderSequence, HeaderDeliveries, HeaderError} {
			msg.Header.Del(name)
		}
		id := fmt.Sprintf("replay-%s-%d", meta.Stream, meta.Sequence.Stream)
		if _, err := js.PublishMsg(ctx, msg, jetstream.WithMsgID(id)); err != nil {
			return replayed, err
		}
		if err := dead.DoubleAck(ctx); err != nil {
			return replayed, err
		}
		replayed++
	}
	return replayed, batch.Error()
}

// ANCHOR_END: replay

// copyHeaders copies the application's headers; the broker's own (Nats-*) stay behind.
func copyHeaders(to, from nats.Header) {
	for name, values := range from {
		if !strings.HasPrefix(name, "Nats-") {
			to[name] = values
		}
	}
}
