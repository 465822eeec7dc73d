// Command throughput measures how fast one worker consumes a stream through JetStream when it
// allows one message in flight or a thousand, and when each acknowledgement waits for the
// broker's confirmation. Broker and worker run in this process, on 127.0.0.1.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"playbook.example/message-queues/broker"
)

type variant struct {
	name          string
	maxAckPending int
	confirmed     bool // DoubleAck: wait for the broker to confirm each acknowledgement
}

var variants = []variant{
	{"max_ack_pending_1000_ack", 1000, false},
	{"max_ack_pending_1000_double_ack", 1000, true},
	{"max_ack_pending_1_ack", 1, false},
}

func main() {
	messages := flag.Int("messages", 5000, "messages per run")
	runs := flag.Int("runs", 5, "runs of each variant, interleaved")
	flag.Parse()
	if err := run(*messages, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "throughput:", err)
		os.Exit(1)
	}
}

func run(messages, runs int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "nats-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b, err := broker.Start(dir)
	if err != nil {
		return err
	}
	defer b.Stop()
	nc, js, err := b.Connect()
	if err != nil {
		return err
	}
	defer nc.Close()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "PAGES", Subjects: []string{"pages.>"}}); err != nil {
		return err
	}
	payload := make([]byte, 256)
	for range messages {
		// Filling the stream is not what is measured: on a loaded machine, wait for room among
		// the outstanding publishes (the default gives up after 200 ms) instead of failing.
		if _, err := js.PublishAsync("pages.viewed", payload, jetstream.WithStallWait(30*time.Second)); err != nil {
			return err
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(time.Minute):
		return fmt.Errorf("publishing %d messages took over a minute", messages)
	}
	rates := make(map[string][]float64)
	for i := range runs {
		for _, v := range variants {
			elapsed, err := consume(ctx, js, v, messages, fmt.Sprintf("%s_%d", v.name, i))
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			rates[v.name] = append(rates[v.name], float64(messages)/elapsed.Seconds())
		}
	}
	fmt.Printf("%d messages of %d bytes per run, %d runs per variant, interleaved\n", messages, len(payload), runs)
	fmt.Printf("%-32s %12s %12s %12s\n", "variant", "median/s", "min/s", "max/s")
	for _, v := range variants {
		r := slices.Sorted(slices.Values(rates[v.name]))
		fmt.Printf("%-32s %12.0f %12.0f %12.0f\n", v.name, r[len(r)/2], r[0], r[len(r)-1])
	}
	return nil
}

// consume reads the whole stream through a new consumer and acknowledges every message.
func consume(ctx context.Context, js jetstream.JetStream, v variant, messages int, name string) (time.Duration, error) {
	consumer, err := js.CreateOrUpdateConsumer(ctx, "PAGES", jetstream.ConsumerConfig{
		Durable: name, AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: v.maxAckPending})
	if err != nil {
		return 0, err
	}
	defer js.DeleteConsumer(ctx, "PAGES", name)
	it, err := consumer.Messages()
	if err != nil {
		return 0, err
	}
	defer it.Stop()
	start := time.Now()
	for range messages {
		msg, err := it.Next()
		if err != nil {
			return 0, err
		}
		if v.confirmed {
			err = msg.DoubleAck(ctx)
		} else {
			err = msg.Ack()
		}
		if err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}
