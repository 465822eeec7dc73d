package payments

import (
	"net/http/httptest"
	"sync"
	"testing"

	"playbook.example/async-job-processing/jobq"
)

// Two runs of one charge job call the provider at once with the same key, as a stalled worker
// and its successor do. The second gets 409 while the first is executing; that must be an
// error the job retries, not a permanent one that sends it to dead, and the retry must get
// the first charge back. A key reused with other parameters is the permanent case.
func TestConcurrentSameKeyIsRetriedNotDead(t *testing.T) {
	inFlight, release := make(chan struct{}), make(chan struct{})
	// Only the first request reaches Executing: the others are answered from the key.
	p := &Provider{Executing: func(string) { close(inFlight); <-release }}
	srv := httptest.NewServer(p)
	defer srv.Close()
	var once sync.Once
	unblock := func() { once.Do(func() { close(release) }) }
	defer unblock() // before srv.Close, which waits for the blocked request
	pc := Client{URL: srv.URL, UseKey: true}
	ctx := t.Context()

	type result struct {
		c   Charge
		err error
	}
	first := make(chan result, 1)
	go func() {
		c, err := pc.charge(ctx, "payment-1", 1, 4999)
		first <- result{c, err}
	}()
	<-inFlight

	_, err := pc.charge(ctx, "payment-1", 1, 4999)
	if err == nil {
		t.Fatal("second request while the first is executing: no error, want a 409")
	}
	if jobq.IsPermanent(err) {
		t.Fatalf("409 for a key still in flight was marked permanent (the job would go to dead): %v", err)
	}

	unblock()
	r := <-first
	if r.err != nil {
		t.Fatal(r.err)
	}
	retry, err := pc.charge(ctx, "payment-1", 1, 4999)
	if err != nil || retry.ID != r.c.ID {
		t.Fatalf("retry after the first finished: %+v, %v; want the saved %s", retry, err, r.c.ID)
	}
	if _, charges := p.Count(); charges != 1 {
		t.Fatalf("%d charges, want 1", charges)
	}

	_, err = pc.charge(ctx, "payment-1", 1, 5000)
	if !jobq.IsPermanent(err) {
		t.Fatalf("key reused with another amount: %v; want a permanent error", err)
	}
}
