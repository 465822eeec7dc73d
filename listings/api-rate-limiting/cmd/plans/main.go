// Command plans prints the record "plans": a free and a pro account against
// one API, through real HTTP and the shared limiter in Redis, on a clock
// that moves only when the program says so.
package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"time"

	"playbook.example/api-rate-limiting/httpapi"
	"playbook.example/api-rate-limiting/internal/fakeclock"
	"playbook.example/api-rate-limiting/internal/redisenv"
	"playbook.example/api-rate-limiting/quota"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type exchange struct {
	status     int
	statusLine string // as received: protocol, code and reason
	header     http.Header
	body       string
}

func run(out io.Writer) error {
	rdb, err := redisenv.Open(context.Background())
	if err != nil {
		return err
	}
	defer rdb.Close()
	clock := fakeclock.New(time.Date(2019, 2, 12, 9, 0, 0, 0, time.UTC))
	limit := &httpapi.Limit{
		Accounts: httpapi.Demo,
		Guard: &quota.Guard{
			Limiter: quota.NewLimiter(rdb, "rl:", clock.Now), Now: clock.Now,
			Timeout: time.Second, Cooldown: time.Second, Remember: time.Second,
		},
	}
	api := httptest.NewServer(limit.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, `{"quotes":[]}`)
	})))
	defer api.Close()

	get := func(key string) (exchange, error) {
		req, _ := http.NewRequest("GET", api.URL+"/v1/quotes", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return exchange{}, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return exchange{resp.StatusCode, resp.Proto + " " + resp.Status, resp.Header, string(body)}, err
	}
	show := func(who string) (exchange, error) {
		e, err := get("key_" + who)
		if err != nil {
			return e, err
		}
		fmt.Fprintf(out, "%s  %-5s  %d  RateLimit: %s", clock.Now().Format("15:04:05.000"), who, e.status, e.header.Get("RateLimit"))
		if ra := e.header.Get("Retry-After"); ra != "" {
			fmt.Fprintf(out, "  Retry-After: %s", ra)
		}
		fmt.Fprintln(out)
		return e, nil
	}

	fmt.Fprintln(out, "# six requests at once from each account")
	for _, who := range []string{"alice", "bob"} {
		for range 6 {
			if _, err := show(who); err != nil {
				return err
			}
		}
	}
	fmt.Fprintln(out, "# alice waits the second she was told to")
	clock.Advance(time.Second)
	if _, err := show("alice"); err != nil {
		return err
	}
	fmt.Fprintln(out, "# alice keeps to her rate, one request every 500 ms, until refused")
	admitted := 0
	var refused exchange
	for refused.status == 0 {
		clock.Advance(500 * time.Millisecond)
		e, err := get("key_alice")
		if err != nil {
			return err
		}
		if e.status == http.StatusOK {
			admitted++
		} else {
			refused = e
		}
	}
	fmt.Fprintf(out, "%d more admitted, then at %s the response was (every field but Date):\n", admitted, clock.Now().Format("15:04:05.000"))
	fmt.Fprintln(out, refused.statusLine)
	// The names are printed as they arrived: Go's server sends the canonical
	// form (Ratelimit-Policy), and HTTP field names are case-insensitive.
	for _, name := range slices.Sorted(maps.Keys(refused.header)) {
		if name == "Date" { // the real clock's, not the simulated one
			continue
		}
		for _, value := range refused.header[name] {
			fmt.Fprintf(out, "%s: %s\n", name, value)
		}
	}
	fmt.Fprintf(out, "\n%s", refused.body)
	fmt.Fprintln(out, "# bob, on the pro plan, is not affected")
	if _, err := show("bob"); err != nil {
		return err
	}
	fmt.Fprintln(out, "# alice comes back when told: midnight UTC")
	wait, err := strconv.Atoi(refused.header.Get("Retry-After"))
	if err != nil {
		return err
	}
	clock.Advance(time.Duration(wait) * time.Second)
	_, err = show("alice")
	return err
}
