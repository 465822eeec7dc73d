// Package pipeline counts HTTP statuses in access-log lines with three
// stages connected by channels: emit, parse (fanned out) and count.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Entry is the part of an access-log line the counter needs.
type Entry struct {
	Method, Path string
	Status       int
}

type numberedLine struct {
	number int
	text   string
}

// ANCHOR: send
// send delivers v unless ctx ends first. Every send in the pipeline goes
// through it: a bare "out <- v" blocks forever once the receiver is gone.
func send[T any](ctx context.Context, out chan<- T, v T) error {
	// When both cases are ready, select picks one at random; checking
	// first makes a canceled stage stop at once instead of eventually.
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	select {
	case out <- v:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// ANCHOR_END: send

// ANCHOR: pipeline
// CountStatuses parses lines of the form "GET /path 200" on parsers
// goroutines and returns how many lines carried each status. A malformed
// line stops the whole pipeline and its error names the line number.
func CountStatuses(parent context.Context, lines iter.Seq[string], parsers int) (map[int]int, error) {
	g, ctx := errgroup.WithContext(parent)

	// Stage 1: number the lines and emit them.
	numbered := make(chan numberedLine)
	g.Go(func() error {
		defer close(numbered)
		n := 0
		for text := range lines {
			n++
			if err := send(ctx, numbered, numberedLine{n, text}); err != nil {
				return err
			}
		}
		return nil
	})

	// Stage 2, fanned out: parsers goroutines read the same channel.
	entries := make(chan Entry)
	var parsing sync.WaitGroup
	for range parsers {
		parsing.Add(1)
		g.Go(func() error {
			defer parsing.Done()
			for line := range numbered {
				entry, err := parse(line)
				if err != nil {
					return err
				}
				if err := send(ctx, entries, entry); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// Fan-in: entries is closed once, by the one goroutine that knows
	// every parser has stopped sending.
	g.Go(func() error {
		parsing.Wait()
		close(entries)
		return nil
	})

	// Stage 3: count. It drains entries until close, so no parser is
	// ever left blocked on a send.
	counts := make(map[int]int)
	g.Go(func() error {
		for entry := range entries {
			counts[entry.Status]++
		}
		return nil
	})

	if err := g.Wait(); err != nil {
		return nil, err
	}
	return counts, nil
}

// ANCHOR_END: pipeline

func parse(line numberedLine) (Entry, error) {
	fields := strings.Fields(line.text)
	if len(fields) != 3 {
		return Entry{}, fmt.Errorf("line %d: want 3 fields (method, path, status), found %d in %q",
			line.number, len(fields), line.text)
	}
	status, err := strconv.Atoi(fields[2])
	if err != nil || status < 100 || status > 599 {
		return Entry{}, fmt.Errorf("line %d: want an HTTP status from 100 to 599, found %q",
			line.number, fields[2])
	}
	return Entry{Method: fields[0], Path: fields[1], Status: status}, nil
}
