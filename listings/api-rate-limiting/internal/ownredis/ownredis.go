// Package ownredis starts a redis-server of a test's own, to stop it on
// purpose: unprivileged, on a free port of 127.0.0.1, in a folder of its
// own that Close removes, with no snapshots unless SAVE asks for one. The
// run's shared server (REDIS_URL) is never the one stopped.
package ownredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

type Server struct {
	Addr, Password string
	cmd            *exec.Cmd
	dir            string
	exited         chan struct{}
}

// Start runs redis-server and waits until it answers PING. As root it runs
// as the user nobody.
func Start() (*Server, error) {
	dir, err := os.MkdirTemp("", "ownredis-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, exited: make(chan struct{})}
	if err := s.start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return s, nil
}

func (s *Server) start() error {
	if s.Addr == "" {
		listener, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		s.Addr = listener.Addr().String()
		listener.Close()
		var secret [12]byte
		rand.Read(secret[:])
		s.Password = hex.EncodeToString(secret[:])
	}
	_, port, _ := net.SplitHostPort(s.Addr)

	logFile, err := os.Create(filepath.Join(s.dir, "server.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	s.cmd = exec.Command("redis-server", "-") // the configuration, password included, comes on stdin
	s.cmd.Dir = s.dir
	s.cmd.Stdin = strings.NewReader(fmt.Sprintf(
		"bind 127.0.0.1\nport %s\nrequirepass %s\nsave \"\"\nappendonly no\n", port, s.Password))
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	// If this process dies without Close (a test timeout), the server dies with it.
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if os.Geteuid() == 0 {
		nobody, err := user.Lookup("nobody")
		if err != nil {
			return fmt.Errorf("running as root, and there is no user nobody to run redis-server as: %w", err)
		}
		uid, _ := strconv.Atoi(nobody.Uid)
		gid, _ := strconv.Atoi(nobody.Gid)
		if err := os.Chown(s.dir, uid, gid); err != nil {
			return err
		}
		s.cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("redis-server: %w (install Debian's redis-server)", err)
	}
	cmd, exited := s.cmd, s.exited
	go func() { cmd.Wait(); close(exited) }()

	rdb := redis.NewClient(s.Options())
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for rdb.Ping(context.Background()).Err() != nil {
		select {
		case <-s.exited:
			return fmt.Errorf("redis-server exited during start-up:\n%s", s.log())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Kill()
			return fmt.Errorf("redis-server did not answer PING on %s within 10s:\n%s", s.Addr, s.log())
		}
	}
	return nil
}

// Restart starts a killed server again, on the same port, empty: without
// persistence, what it held is gone.
func (s *Server) Restart() error {
	s.exited = make(chan struct{})
	return s.start()
}

// Options connects to this server.
func (s *Server) Options() *redis.Options {
	return &redis.Options{Addr: s.Addr, Password: s.Password}
}

// Kill ends the server at once, as a crash would (SIGKILL).
func (s *Server) Kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.exited
}

// Pause and Resume freeze and thaw it (SIGSTOP, SIGCONT): connections stay
// open and nothing answers, as with a server stuck in a long command.
func (s *Server) Pause()  { s.cmd.Process.Signal(syscall.SIGSTOP) }
func (s *Server) Resume() { s.cmd.Process.Signal(syscall.SIGCONT) }

// Close kills the server if it still runs and removes its folder.
func (s *Server) Close() {
	select {
	case <-s.exited:
	default:
		s.Resume()
		s.Kill()
	}
	os.RemoveAll(s.dir)
}

func (s *Server) log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "server.log"))
	return string(b)
}
