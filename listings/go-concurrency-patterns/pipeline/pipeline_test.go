package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"testing"
	"testing/synctest"

	"playbook.example/go-concurrency-patterns/pipeline"
)

// endlessLog yields well-formed lines forever, except that line badLine is
// malformed. Only a pipeline that stops pulling can return.
func endlessLog(badLine int) iter.Seq[string] {
	return func(yield func(string) bool) {
		for n := 1; ; n++ {
			line := fmt.Sprintf("GET /items/%d %d", n, 200+n%3)
			if n == badLine {
				line = "GET /items/oops two-hundred"
			}
			if !yield(line) {
				return
			}
		}
	}
}

// The three tests below run inside synctest bubbles. synctest.Test returns
// only after every goroutine started in the bubble has exited, and fails
// if they are left blocked: each test is also a goroutine-leak test.

func TestCountStatusesCountsEveryLine(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var lines []string
		for n := range 3000 {
			lines = append(lines, fmt.Sprintf("GET /items/%d %d", n, 200+n%3))
		}
		counts, err := pipeline.CountStatuses(t.Context(), func(yield func(string) bool) {
			for _, l := range lines {
				if !yield(l) {
					return
				}
			}
		}, 3)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{200: 1000, 201: 1000, 202: 1000}
		if fmt.Sprint(counts) != fmt.Sprint(want) {
			t.Errorf("counts = %v, want %v", counts, want)
		}
	})
}

func TestMalformedLineStopsAnEndlessPipeline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, err := pipeline.CountStatuses(t.Context(), endlessLog(500), 4)
		want := `line 500: want an HTTP status from 100 to 599, found "two-hundred"`
		if err == nil || err.Error() != want {
			t.Fatalf("error = %v, want %q", err, want)
		}
	})
}

func TestCallerCancellationStopsEveryStage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		errDeploy := errors.New("pod is being replaced")
		ctx, cancel := context.WithCancelCause(t.Context())
		source := func(yield func(string) bool) {
			for n := 1; ; n++ {
				if n == 1000 {
					cancel(errDeploy) // the caller gives up mid-stream
				}
				if !yield("GET /items 200") {
					return
				}
			}
		}
		_, err := pipeline.CountStatuses(ctx, source, 4)
		if !errors.Is(err, errDeploy) {
			t.Fatalf("error = %v, want the caller's cause %v", err, errDeploy)
		}
	})
}
