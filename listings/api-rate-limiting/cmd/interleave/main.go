// Command interleave prints the record "interleave": two instances, three
// limiters, one schedule (package race).
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/race"
)

func main() {
	ctx := context.Background()
	rdb, err := redisenv.Open(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer rdb.Close()
	// A fixed instant, so the TATs the trace shows are the same on every run.
	now := func() time.Time { return time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC) }
	if _, err := race.Run(ctx, rdb.Options(), "rl:", now, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
