// Command functions prints the record "functions": what a restart does to
// the script cache and to a Redis 7 function library, on a redis-server of
// its own (package ownredis) that it saves, kills and starts again.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/redis/go-redis/v9"

	"playbook.example/api-rate-limiting/internal/ownredis"
	"playbook.example/api-rate-limiting/quota"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var plan = quota.Plan{Name: "demo", Rate: 1, Per: time.Second, Burst: 5, Daily: 100}

func run(out io.Writer) error {
	ctx := context.Background()
	server, err := ownredis.Start()
	if err != nil {
		return err
	}
	defer server.Close()
	rdb := redis.NewClient(server.Options())
	defer rdb.Close()
	now := func() time.Time { return time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC) }
	l := quota.NewLimiter(rdb, "rl:", now)
	step := func(label string, result any) { fmt.Fprintf(out, "%-40s -> %v\n", label, result) }
	decision := func(d quota.Decision, err error) any {
		if err != nil {
			return err
		}
		return fmt.Sprintf("admitted %v, %d of the burst left", d.Allowed(), d.RateRemaining)
	}

	sha, err := rdb.ScriptLoad(ctx, quota.ScriptSource()).Result()
	if err != nil {
		return err
	}
	short := sha[:8] + "…"
	step("SCRIPT LOAD", short)
	step("SCRIPT FLUSH", rdb.ScriptFlush(ctx).Val()) // what a restart or a failover does to the cache
	step("EVALSHA "+short, rdb.EvalSha(ctx, sha, l.Keys("alice"), l.Args(plan)...).Err())
	step("go-redis Script.Run (EVALSHA, then EVAL)", decision(l.Decide(ctx, "alice", plan)))
	name, err := rdb.FunctionLoad(ctx, quota.Library()).Result()
	if err != nil {
		return err
	}
	step("FUNCTION LOAD", name)
	step("FCALL quota_decide", decision(l.DecideByFunction(ctx, "alice", plan)))

	fmt.Fprintln(out, "SAVE, SIGKILL, then the server starts again from its snapshot")
	if err := rdb.Save(ctx).Err(); err != nil {
		return err
	}
	server.Kill()
	if err := server.Restart(); err != nil {
		return err
	}
	step("SCRIPT EXISTS "+short, rdb.ScriptExists(ctx, sha).Val())
	libraries, err := rdb.FunctionList(ctx, redis.FunctionListQuery{}).Result()
	if err != nil {
		return err
	}
	for _, lib := range libraries {
		step("FUNCTION LIST", lib.Name+": "+lib.Functions[0].Name)
	}
	step("FCALL quota_decide", decision(l.DecideByFunction(ctx, "alice", plan)))
	return nil
}
