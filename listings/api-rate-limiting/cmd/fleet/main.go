// Command fleet prints the record "fleet": three instances of one service,
// each its own process with its own Redis connections, behind a round-robin
// client. Each instance limits the same account twice: on its own (/local)
// and through the shared script (/shared), which reads Redis's clock.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

// One request a minute with bursts of ten: within the run, the burst is all there is.
var account = httpapi.Account{ID: "fleet", Plan: quota.Plan{Name: "fleet", Rate: 1, Per: time.Minute, Burst: 10, Daily: 1000}}

func main() {
	serve := flag.Bool("serve", false, "run as one instance: print the address, serve until killed")
	flag.Parse()
	var err error
	if *serve {
		err = instance()
	} else {
		err = drive(os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// ANCHOR: instance
func instance() error {
	rdb, err := redisenv.Open(context.Background())
	if err != nil {
		return err
	}
	shared := &httpapi.Limit{
		Accounts: httpapi.Accounts{"key_fleet": account},
		Guard: &quota.Guard{
			Limiter: quota.NewLimiter(rdb, "rl:", nil), // nil: Redis's clock
			Now:     time.Now, Timeout: time.Second, Cooldown: time.Second, Remember: time.Second,
		},
	}
	local := quota.NewLocal(10_000, 1) // the whole plan, in each instance
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})
	mux := http.NewServeMux()
	mux.Handle("/shared", shared.Wrap(ok))
	mux.HandleFunc("/local", func(w http.ResponseWriter, r *http.Request) {
		if !local.Decide(account.ID, account.Plan, time.Now()).Allowed() {
			w.WriteHeader(http.StatusTooManyRequests)
		}
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println(listener.Addr())
	return http.Serve(listener, mux)
}

// ANCHOR_END: instance

func drive(out io.Writer) error {
	names := []string{"A", "B", "C"}
	var addrs []string
	for range names {
		addr, stop, err := start()
		if err != nil {
			return err
		}
		defer stop()
		addrs = append(addrs, addr)
	}
	fmt.Fprintf(out, "3 processes; account %q: bursts of %d, then one request every %v; 30 requests, round robin\n",
		account.ID, account.Plan.Burst, account.Plan.Interval())
	fmt.Fprintf(out, "%-28s %4s %4s %4s %6s\n", "limiter", "A", "B", "C", "total")
	for _, route := range []struct{ path, label string }{
		{"/local", "each instance on its own"},
		{"/shared", "one script in Redis"},
	} {
		admitted := make([]int, len(addrs))
		for i := range 30 {
			n := i % len(addrs)
			req, _ := http.NewRequest("GET", "http://"+addrs[n]+route.path, nil)
			req.Header.Set("Authorization", "Bearer key_fleet")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return err
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				admitted[n]++
			}
		}
		fmt.Fprintf(out, "%-28s %4d %4d %4d %6d\n", route.label, admitted[0], admitted[1], admitted[2], admitted[0]+admitted[1]+admitted[2])
	}
	return nil
}

// start runs this program again as an instance and reads the address it listens on.
func start() (string, func(), error) {
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self, "-serve")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		stop()
		return "", nil, errors.New("an instance exited before it listened; its error is above")
	}
	return strings.TrimSpace(line), stop, nil
}
