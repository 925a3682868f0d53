package guard

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Set GUARD_TEST_STOCK=1 to run the zmq4 tests on zmq4's stock "tcp"
// transport instead: each of them must then fail (the oversized-frame test
// by ending the test binary).
var stock = os.Getenv("GUARD_TEST_STOCK") != ""

func TestMain(m *testing.M) {
	if err := Register(Options{}); err != nil {
		fmt.Fprintln(os.Stderr, "guard: register:", err)
		os.Exit(1)
	}
	if err := registerCurveTest(); err != nil {
		fmt.Fprintln(os.Stderr, "guard: register the CURVE test transport:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// listenEndpoint is the endpoint test sockets listen on.
func listenEndpoint(addr string) string {
	if stock {
		return "tcp://" + addr
	}
	return Endpoint("tcp", addr)
}

// frameBytes encodes one ZMTP frame; a body over 255 bytes, or the long
// flag, gives a long header.
func frameBytes(flags byte, body []byte) []byte {
	if len(body) > 255 {
		flags |= flagLong
	}
	if flags&flagLong != 0 {
		b := make([]byte, maxHeader, maxHeader+len(body))
		b[0] = flags
		binary.BigEndian.PutUint64(b[1:], uint64(len(body)))
		return append(b, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// longHeader is a long frame header declaring size bytes.
func longHeader(flags byte, size uint64) []byte {
	b := make([]byte, maxHeader)
	b[0] = flags | flagLong
	binary.BigEndian.PutUint64(b[1:], size)
	return b
}

// commandBytes encodes a command frame.
func commandBytes(name string, body []byte) []byte {
	return frameBytes(flagCommand, append(append([]byte{byte(len(name))}, name...), body...))
}

// readyBytes is the NULL mechanism's READY command for a socket type.
func readyBytes(sockType string) []byte {
	const key = "Socket-Type"
	prop := append([]byte{byte(len(key))}, key...)
	prop = binary.BigEndian.AppendUint32(prop, uint32(len(sockType)))
	return commandBytes("READY", append(prop, sockType...))
}

// handshakeBytes is what a NULL peer of sockType sends first.
func handshakeBytes(sockType string) []byte {
	return append(append([]byte(nil), nullGreeting[:]...), readyBytes(sockType)...)
}

// dialRaw opens a raw TCP connection to addr and sends first.
func dialRaw(t *testing.T, addr string, first []byte) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Write(first); err != nil {
		t.Fatal(err)
	}
	return c
}

// tcpPair returns the two ends of a real loopback TCP connection.
func tcpPair(t *testing.T) (client, server net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	client, err = net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server = <-accepted
	if server == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { client.Close(); server.Close() })
	return client, server
}

// waitClosed reads c until the peer closes it, and fails if that takes
// longer than d.
func waitClosed(t *testing.T, c net.Conn, d time.Duration) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 64<<10)
	for {
		_, err := c.Read(buf)
		if err == nil {
			continue
		}
		var nerr net.Error
		if errors.As(err, &nerr) && nerr.Timeout() {
			t.Fatalf("connection still open after %v", d)
		}
		return
	}
}

// recvTimeout receives from s, giving up after d.
func recvTimeout(s zmq4.Socket, d time.Duration) (zmq4.Msg, error) {
	got := make(chan zmq4.Msg, 1)
	errs := make(chan error, 1)
	go func() {
		m, err := s.Recv()
		if err != nil {
			errs <- err
			return
		}
		got <- m
	}()
	select {
	case m := <-got:
		return m, nil
	case err := <-errs:
		return zmq4.Msg{}, err
	case <-time.After(d):
		return zmq4.Msg{}, fmt.Errorf("no message after %v", d)
	}
}

// listenRouter starts a ROUTER on the endpoint under test and returns it
// with its TCP address.
func listenRouter(t *testing.T) (zmq4.Socket, string) {
	t.Helper()
	r := zmq4.NewRouter(context.Background(), zmq4.WithID(zmq4.SocketIdentity("router")))
	t.Cleanup(func() { r.Close() })
	if err := r.Listen(listenEndpoint("127.0.0.1:0")); err != nil {
		t.Fatal(err)
	}
	return r, r.Addr().String()
}

// dealers numbers the DEALER identities of exchange: a ROUTER sends to
// every connection, live or not yet reaped, of an identity.
var dealers atomic.Int64

// exchange dials addr with a real DEALER, sends ping, and checks that the
// router gets it and that its reply comes back, all within d.
func exchange(t *testing.T, router zmq4.Socket, addr string, d time.Duration) {
	t.Helper()
	done := make(chan error, 1)
	id := fmt.Sprintf("dealer-%d", dealers.Add(1))
	dealer := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity(id)))
	t.Cleanup(func() { dealer.Close() })
	go func() { done <- roundTrip(router, dealer, id, addr, d) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(d):
		t.Fatalf("no DEALER/ROUTER exchange within %v", d)
	}
}

// roundTrip is the body of exchange.
func roundTrip(router, dealer zmq4.Socket, id, addr string, d time.Duration) error {
	if err := dealer.Dial("tcp://" + addr); err != nil {
		return err
	}
	if err := dealer.Send(zmq4.NewMsgString("ping")); err != nil {
		return err
	}
	m, err := recvTimeout(router, d)
	if err != nil {
		return fmt.Errorf("router: %w", err)
	}
	if len(m.Frames) != 2 || string(m.Frames[0]) != id || string(m.Frames[1]) != "ping" {
		return fmt.Errorf("router got %q", m.Frames)
	}
	if err := router.Send(zmq4.NewMsgFrom([]byte(id), []byte("pong"))); err != nil {
		return err
	}
	m, err = recvTimeout(dealer, d)
	if err != nil {
		return fmt.Errorf("dealer: %w", err)
	}
	if len(m.Frames) != 1 || string(m.Frames[0]) != "pong" {
		return fmt.Errorf("dealer got %q", m.Frames)
	}
	return nil
}
