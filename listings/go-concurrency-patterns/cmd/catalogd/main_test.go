package main

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMainProcess is main() itself when the parent test re-runs this test
// binary with CATALOGD_MAIN=1; otherwise it does nothing.
func TestMainProcess(t *testing.T) {
	if os.Getenv("CATALOGD_MAIN") != "1" {
		return
	}
	main()
}

func TestSIGTERMDrainsEverythingAndExitsCleanly(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestMainProcess$")
	cmd.Env = append(os.Environ(), "CATALOGD_MAIN=1", "ADDR=127.0.0.1:0")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logLines := bufio.NewScanner(stderr)

	// The first log line says where the service listens.
	var addr string
	if logLines.Scan() {
		_, addr, _ = strings.Cut(logLines.Text(), "addr=")
	}
	if addr == "" {
		cmd.Process.Kill()
		t.Fatalf("no address in the first log line %q", logLines.Text())
	}

	orders := []string{"A-1", "A-2", "A-3"}
	for _, id := range orders {
		resp, err := http.Post("http://"+addr+"/orders/"+id, "text/plain", nil)
		if err != nil {
			cmd.Process.Kill()
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			t.Errorf("POST /orders/%s: status %d, want 202", id, resp.StatusCode)
		}
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var log []string
	for logLines.Scan() {
		log = append(log, logLines.Text())
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("catalogd exited with %v after SIGTERM, want status 0; log:\n%s", err, strings.Join(log, "\n"))
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("catalogd did not exit after SIGTERM")
	}

	all := strings.Join(log, "\n")
	for _, id := range orders {
		for _, want := range []string{"confirmation sent", "audit record written"} {
			if !strings.Contains(all, `"`+want+`" order=`+id) {
				t.Errorf("no %q for order %s in the log:\n%s", want, id, all)
			}
		}
	}
	// Go 1.26: signal.NotifyContext cancels with a cause naming the signal.
	// The shutdown steps must appear in this order.
	steps := []string{
		`msg="http stopped" cause="terminated signal received"`,
		`msg="queue drained" left=0`,
		`msg=stopped`,
	}
	at := 0
	for _, step := range steps {
		i := strings.Index(all[at:], step)
		if i < 0 {
			t.Fatalf("missing or out of order: %s\nlog:\n%s", step, all)
		}
		at += i + len(step)
	}
}
