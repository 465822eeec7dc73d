// Package broker runs a NATS server with JetStream inside the calling process: the real server
// (github.com/nats-io/nats-server/v2), not a mock, listening on a free port of 127.0.0.1 and
// keeping its streams in a folder the caller owns.
package broker

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Broker is one running server. Stop and Restart keep its port and its store, so clients that
// reconnect find the same streams at the same address.
type Broker struct {
	storeDir string
	port     int
	srv      *server.Server
}

// Start starts a server that stores its streams in storeDir.
func Start(storeDir string) (*Broker, error) {
	b := &Broker{storeDir: storeDir, port: server.RANDOM_PORT}
	if err := b.start(); err != nil {
		return nil, err
	}
	b.port = b.srv.Addr().(*net.TCPAddr).Port
	return b, nil
}

// ANCHOR: start
func (b *Broker) start() error {
	srv, err := server.NewServer(&server.Options{
		Host: "127.0.0.1", Port: b.port, JetStream: true, StoreDir: b.storeDir,
		NoLog: true, NoSigs: true,
	})
	if err != nil {
		return fmt.Errorf("nats-server: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return errors.New("nats-server: not ready for connections after 10s")
	}
	b.srv = srv
	return nil
}

// ANCHOR_END: start

// URL is the address clients connect to.
func (b *Broker) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", b.port) }

// Stop shuts the server down: every client connection drops at once.
func (b *Broker) Stop() {
	b.srv.Shutdown()
	b.srv.WaitForShutdown()
}

// Restart starts the server again on the same port with the same store.
func (b *Broker) Restart() error { return b.start() }

// Connect opens a client connection and its JetStream context. The connection does not retry on
// its own, so that a test sees a stopped broker as an error, as an application would first see it.
func (b *Broker) Connect() (*nats.Conn, jetstream.JetStream, error) {
	nc, err := nats.Connect(b.URL(), nats.NoReconnect())
	if err != nil {
		return nil, nil, err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	return nc, js, nil
}
