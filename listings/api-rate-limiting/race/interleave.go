package race

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	"github.com/redis/go-redis/v9"
)

// Trace prints every command the instances send, in the order they complete.
type Trace struct {
	mu  sync.Mutex
	out io.Writer
}

func NewTrace(out io.Writer) *Trace { return &Trace{out: out} }

func (t *Trace) log(instance string, cmds ...redis.Cmder) {
	var words []string
	for _, cmd := range cmds {
		if setup[cmd.Name()] {
			return
		}
		words = append(words, command(cmd))
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fmt.Fprintf(t.out, "  %s  %s -> %s\n", instance, strings.Join(words, "; "), reply(cmds[len(cmds)-1]))
}

// setup are the commands go-redis sends when it opens a connection.
var setup = map[string]bool{"hello": true, "client": true, "auth": true}

// command shows a command as redis-cli would, the script's SHA1 shortened.
func command(cmd redis.Cmder) string {
	var words []string
	for i, arg := range cmd.Args() {
		word := fmt.Sprint(arg)
		if i == 0 {
			word = strings.ToUpper(word)
		}
		switch {
		case i == 1 && cmd.Name() == "evalsha":
			word = word[:8] + "…"
		case i == 1 && cmd.Name() == "eval":
			word = fmt.Sprintf("<the script, %d bytes>", len(word))
		}
		words = append(words, word)
	}
	return strings.Join(words, " ")
}

// reply shows what the server answered; for a transaction, EXEC's answer.
func reply(cmd redis.Cmder) string {
	switch err := cmd.Err(); {
	case errors.Is(err, redis.Nil):
		return "(nil)"
	case errors.Is(err, redis.TxFailedErr):
		return "(nil): the watched key changed, nothing was written"
	case err != nil:
		return "(error) " + err.Error()
	}
	switch c := cmd.(type) {
	case *redis.StringCmd:
		return fmt.Sprintf("%q", c.Val())
	case *redis.Cmd:
		return fmt.Sprint(c.Val())
	}
	return "OK"
}

// ANCHOR: gate
// Instance is one service instance's Redis connection, with a hook that
// logs its commands and can hold its first write (a SET, or a transaction's
// EXEC) until the driver lets it go.
type Instance struct {
	Name    string
	trace   *Trace
	parked  chan struct{} // closed when the first write is held
	release chan struct{} // closed by the driver to let it through
	once    sync.Once
}

func (in *Instance) hold(isWrite bool) {
	if !isWrite {
		return
	}
	in.once.Do(func() {
		close(in.parked)
		<-in.release
	})
}

func (in *Instance) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) { return next(ctx, network, addr) }
}

func (in *Instance) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		in.hold(cmd.Name() == "set")
		err := next(ctx, cmd)
		cmd.SetErr(err) // go-redis does this after the hooks; the trace needs it now
		in.trace.log(in.Name, cmd)
		return err
	}
}

func (in *Instance) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		in.hold(cmds[len(cmds)-1].Name() == "exec")
		err := next(ctx, cmds)
		in.trace.log(in.Name, cmds...)
		return err
	}
}

// ANCHOR_END: gate

// NewInstance connects one instance with its own connection pool.
func NewInstance(name string, opt *redis.Options, trace *Trace) (*Instance, *redis.Client) {
	in := &Instance{Name: name, trace: trace, parked: make(chan struct{}), release: make(chan struct{})}
	rdb := redis.NewClient(opt)
	rdb.AddHook(in)
	return in, rdb
}

// ANCHOR: schedule
// Interleave runs A until it is about to write (or done), then B likewise,
// then lets A finish, then B: both have read before either writes, which
// is the order that breaks a read-then-write limiter.
func Interleave(a, b *Instance, allowA, allowB func() (bool, error)) (bool, bool, error) {
	type result struct {
		allowed bool
		err     error
	}
	run := func(in *Instance, allow func() (bool, error)) chan result {
		done := make(chan result, 1)
		go func() {
			ok, err := allow()
			done <- result{ok, err}
		}()
		return done
	}
	// untilParkedOrDone waits for the instance to reach its write, or to
	// finish without one (a refusal, or a script: nothing to hold).
	untilParkedOrDone := func(in *Instance, done chan result) *result {
		select {
		case <-in.parked:
			return nil
		case r := <-done:
			return &r
		}
	}
	doneA := run(a, allowA)
	finishedA := untilParkedOrDone(a, doneA)
	doneB := run(b, allowB)
	finishedB := untilParkedOrDone(b, doneB)
	close(a.release)
	if finishedA == nil {
		r := <-doneA
		finishedA = &r
	}
	close(b.release)
	if finishedB == nil {
		r := <-doneB
		finishedB = &r
	}
	if finishedA.err != nil || finishedB.err != nil {
		return false, false, fmt.Errorf("instance A: %v, instance B: %v", finishedA.err, finishedB.err)
	}
	return finishedA.allowed, finishedB.allowed, nil
}

// ANCHOR_END: schedule
