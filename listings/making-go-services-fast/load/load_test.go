package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsAnswers(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	n, err := Run(ctx, srv.URL, 4)
	if err != nil {
		t.Fatal(err)
	}
	// A request cut off by the end of the load is served but not counted.
	if n == 0 || n > served.Load() {
		t.Errorf("counted %d answers, the server served %d", n, served.Load())
	}
}

func TestRunReportsAnError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := Run(ctx, srv.URL, 2); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("got %v, want an error naming the 404", err)
	}
}
