// Command catalogd is a small order-taking service that shows the shutdown
// order of a Go service: stop intake, drain requests, drain the queue, then
// wait for work that outlives requests.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"playbook.example/go-concurrency-patterns/budget"
	"playbook.example/go-concurrency-patterns/shutdown"
	"playbook.example/go-concurrency-patterns/workerpool"
)

// ANCHOR: main
func main() {
	// SIGTERM is what Kubernetes and systemd send; SIGINT is Ctrl-C.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// After the first signal, restore the default: a second one kills the
	// process even if the graceful shutdown is stuck.
	context.AfterFunc(ctx, stop)

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(ctx, logger, os.Getenv("ADDR")); err != nil {
		logger.Error("exiting", "err", err)
		os.Exit(1)
	}
}

// ANCHOR_END: main

var errQueueDrainTimeout = errors.New("queue not drained in time")

// ANCHOR: run
func run(ctx context.Context, logger *slog.Logger, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("listening", "addr", ln.Addr().String())

	// A bounded queue: when it is full, clients get 503, not a new goroutine.
	confirmations := make(chan string, 64)
	audit := &budget.AfterResponse{Timeout: 5 * time.Second}
	srv := &http.Server{
		Handler:           routes(logger, confirmations, audit),
		ReadHeaderTimeout: 5 * time.Second,
	}

	// The workers must outlive the signal: they empty the queue after
	// HTTP has stopped filling it. Their own cancel is the last resort.
	workCtx, stopWork := context.WithCancelCause(context.WithoutCancel(ctx))
	defer stopWork(nil)
	var workers sync.WaitGroup
	workers.Go(func() {
		workerpool.Process(workCtx, 4, confirmations, sendConfirmation(logger))
	})

	// 1. Stop accepting connections and let in-flight requests finish.
	err = shutdown.Serve(ctx, srv, ln, 10*time.Second)
	logger.Info("http stopped", "cause", context.Cause(ctx))

	// 2. Empty the queue. Close it only if every handler has returned:
	// after a failed drain a straggler could still send, and a send on a
	// closed channel panics.
	if err == nil {
		close(confirmations)
	} else {
		stopWork(err)
	}
	deadline := time.AfterFunc(20*time.Second, func() { stopWork(errQueueDrainTimeout) })
	workers.Wait()
	deadline.Stop()
	logger.Info("queue drained", "left", len(confirmations))

	// 3. Work that outlives its request, such as audit records.
	audit.Wait()
	logger.Info("stopped")
	return err
}

// ANCHOR_END: run

// ANCHOR: routes
func routes(logger *slog.Logger, confirmations chan<- string, audit *budget.AfterResponse) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		order := r.PathValue("id")
		select {
		case confirmations <- order:
		default: // queue full: push back instead of piling up work
			http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
			return
		}
		audit.Go(r.Context(), func(ctx context.Context) {
			logger.InfoContext(ctx, "audit record written", "order", order)
		})
		w.WriteHeader(http.StatusAccepted)
	})
	return mux
}

// ANCHOR_END: routes

func sendConfirmation(logger *slog.Logger) func(context.Context, string) {
	return func(ctx context.Context, order string) {
		// Stands in for the mail provider's API call, which takes ctx.
		logger.InfoContext(ctx, "confirmation sent", "order", order)
	}
}
