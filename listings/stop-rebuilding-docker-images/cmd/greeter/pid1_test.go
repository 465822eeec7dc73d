package main

// What SIGTERM does to a Go program that is PID 1 of its PID namespace, as in a container with an
// exec-form CMD: the test binary starts itself again as the first process of a new PID namespace
// (util-linux unshare, in a user namespace so that no privilege is needed) and sends it SIGTERM
// from outside, as a container engine's stop does.

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const childEnv = "GREETER_PID1_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "no-handler": // no signal.Notify: only the Go runtime's own handlers are installed
		os.Stderr.WriteString("ready\n")
		time.Sleep(30 * time.Second)
		os.Exit(0)
	case "greeter": // the service itself, with its NotifyContext and Shutdown
		os.Args = []string{"greeter", "-addr", "127.0.0.1:0"}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// asPID1 starts the test binary as PID 1 of a new PID namespace in the given mode, waits until it
// prints want on stderr, sends it SIGTERM and returns its exit code and how long it took to exit.
func asPID1(t *testing.T, mode, want string) (int, time.Duration) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", self)
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("unshare: %v", err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	ready := false
	for lines.Scan() {
		if strings.Contains(lines.Text(), want) {
			ready = true
			break
		}
	}
	if !ready {
		t.Fatalf("%s: never printed %q (%v)", mode, want, cmd.Wait())
	}
	go func() { // keep draining, so that the child never blocks on a full pipe
		for lines.Scan() {
		}
	}()
	init := childOf(t, cmd.Process.Pid)
	start := time.Now()
	if err := syscall.Kill(init, syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	took := time.Since(start)
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, took
	case errors.As(err, &exit):
		return exit.ExitCode(), took
	default:
		t.Fatal(err)
		return -1, took
	}
}

// childOf returns the PID (in this namespace) of the process unshare forked: the new namespace's init.
func childOf(t *testing.T, parent int) int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
		fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(parent) {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			return pid
		}
	}
	t.Fatalf("no child of unshare (pid %d)", parent)
	return 0
}

// The Go runtime handles SIGTERM itself. With no signal.Notify, its handler re-raises the signal to
// die from it, the kernel drops it (PID 1 has no default action), and the runtime exits with
// status 2 at once: no ignored signal, no graceful shutdown either.
func TestPID1WithoutHandlerExitsWithStatus2(t *testing.T) {
	code, took := asPID1(t, "no-handler", "ready")
	if code != 2 || took > 10*time.Second {
		t.Fatalf("PID 1 without a handler: exit code %d after %v; want 2, at once (not the 30 s sleep)", code, took)
	}
}

// The greeter's NotifyContext turns the same SIGTERM into Shutdown and a clean exit.
func TestPID1GreeterShutsDownCleanly(t *testing.T) {
	code, took := asPID1(t, "greeter", "listening on")
	if code != 0 || took > 10*time.Second {
		t.Fatalf("greeter as PID 1: exit code %d after %v; want 0", code, took)
	}
}
