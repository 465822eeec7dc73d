package loadgen

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func ExamplePercentile() {
	var sorted []time.Duration
	for i := 1; i <= 100; i++ {
		sorted = append(sorted, time.Duration(i)*time.Millisecond)
	}
	fmt.Println(Percentile(sorted, 50), Percentile(sorted, 99), Percentile(sorted, 100))
	// Output: 50ms 99ms 100ms
}

func TestRunSendsEveryRequestOnce(t *testing.T) {
	seen := make(chan int, 100)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i, _ := strconv.Atoi(r.URL.Path[1:])
		seen <- i
	}))
	defer server.Close()
	result := Run(context.Background(), server.URL, func(i int) string { return "/" + strconv.Itoa(i) }, 4, 100)
	close(seen)
	count := map[int]int{}
	for i := range seen {
		count[i]++
	}
	if len(count) != 100 || result.Errors != 0 || len(result.Latencies) != 100 {
		t.Fatalf("distinct paths %d, errors %d, latencies %d", len(count), result.Errors, len(result.Latencies))
	}
}
