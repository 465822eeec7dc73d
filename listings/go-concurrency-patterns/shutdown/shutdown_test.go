package shutdown_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"playbook.example/go-concurrency-patterns/shutdown"
)

// slowHandler tells the test when a request has arrived, then holds it
// until the test releases it.
func slowHandler(arrived chan<- struct{}, release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
		io.WriteString(w, "done")
	})
}

func startServe(t *testing.T, h http.Handler, drain time.Duration) (addr string, stop context.CancelFunc, result <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- shutdown.Serve(ctx, &http.Server{Handler: h}, ln, drain) }()
	return ln.Addr().String(), cancel, done
}

func TestServeLetsInFlightRequestsFinish(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	addr, stop, result := startServe(t, slowHandler(arrived, release), time.Minute)

	type response struct {
		body string
		err  error
	}
	inFlight := make(chan response, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/")
		if err != nil {
			inFlight <- response{err: err}
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		inFlight <- response{string(body), err}
	}()
	<-arrived
	stop() // SIGTERM, in production

	// Shutdown closes the listener before it waits: new connections are
	// refused while the old request is still being served.
	for {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		conn.Close()
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-result:
		t.Fatalf("Serve returned (%v) while a request was still in flight", err)
	default:
	}

	close(release)
	if r := <-inFlight; r.err != nil || r.body != "done" {
		t.Fatalf("in-flight request got %q, %v; want it to complete", r.body, r.err)
	}
	if err := <-result; err != nil {
		t.Fatalf("Serve = %v, want nil after a clean drain", err)
	}
}

func TestServeGivesUpAfterTheDrainTimeout(t *testing.T) {
	arrived, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	addr, stop, result := startServe(t, slowHandler(arrived, release), 50*time.Millisecond)

	clientErr := make(chan error, 1)
	go func() {
		resp, err := http.Get("http://" + addr + "/")
		if err == nil {
			resp.Body.Close()
		}
		clientErr <- err
	}()
	<-arrived
	stop()

	err := <-result
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Serve = %v, want the drain deadline to be exceeded", err)
	}
	if err := <-clientErr; err == nil {
		t.Fatal("the stuck request got a response; Close should have cut its connection")
	}
}

func TestServeReportsAnEarlyFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close() // Serve cannot accept on a closed listener
	err = shutdown.Serve(context.Background(), &http.Server{}, ln, time.Second)
	if !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Serve = %v, want the listener's error", err)
	}
}
