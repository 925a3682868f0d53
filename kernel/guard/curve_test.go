package guard

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"

	"github.com/aulago/gokernel/kernel/curve"
	"github.com/go-zeromq/zmq4"
)

// curveRouter starts a ROUTER on the CURVE test transport.
func curveRouter(t *testing.T) (zmq4.Socket, string) {
	t.Helper()
	r := zmq4.NewRouter(context.Background(), zmq4.WithID(zmq4.SocketIdentity("router")))
	return r, listenCurve(t, r)
}

// curveExchange checks that a new CURVE DEALER reaches router and back.
func curveExchange(t *testing.T, router zmq4.Socket, addr string) {
	t.Helper()
	p := dialCurve(t, addr, curveKeys.Public, "DEALER")
	p.send(0, []byte("ping"), bytes.Repeat([]byte("x"), 300))
	m, err := recvTimeout(router, 5*time.Second)
	if err != nil || len(m.Frames) != 3 || string(m.Frames[1]) != "ping" || len(m.Frames[2]) != 300 {
		t.Fatalf("router got %q, %v", m.Frames, err)
	}
	if err := router.Send(zmq4.NewMsgFrom(m.Frames[0], []byte("pong"), []byte("!"))); err != nil {
		t.Fatal(err)
	}
	got, err := p.recv()
	if err != nil || len(got) != 2 || string(got[0]) != "pong" || string(got[1]) != "!" {
		t.Fatalf("dealer got %q, %v", got, err)
	}
}

func TestCurveRouter(t *testing.T) {
	router, addr := curveRouter(t)
	curveExchange(t, router, addr)
	curveExchange(t, router, addr)

	// A frame larger than the reader's first chunk, both ways.
	p := dialCurve(t, addr, curveKeys.Public, "DEALER")
	big := bytes.Repeat([]byte("0123456789"), 300_000)
	p.send(0, big)
	m, err := recvTimeout(router, 10*time.Second)
	if err != nil || len(m.Frames) != 2 || !bytes.Equal(m.Frames[1], big) {
		t.Fatalf("router got %d frames, %v", len(m.Frames), err)
	}
	if err := router.Send(m); err != nil {
		t.Fatal(err)
	}
	if got, err := p.recv(); err != nil || len(got) != 1 || !bytes.Equal(got[0], big) {
		t.Fatalf("dealer got %d frames, %v", len(got), err)
	}
}

func TestCurvePub(t *testing.T) {
	for _, tc := range []struct {
		name      string
		flags     byte
		subscribe []byte
	}{
		{"ZMTP 3.0 subscription message", 0, []byte("\x01")},
		{"ZMTP 3.1 SUBSCRIBE command", curve.FlagCommand, []byte(subscribeCmd)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pub := zmq4.NewPub(context.Background())
			addr := listenCurve(t, pub)
			p := dialCurve(t, addr, curveKeys.Public, "SUB")
			p.send(tc.flags, tc.subscribe)
			done := make(chan struct{})
			defer close(done)
			go func() { // until the subscription is in, a PUB drops messages
				for {
					select {
					case <-done:
						return
					case <-time.After(20 * time.Millisecond):
						pub.Send(zmq4.NewMsgFrom([]byte("topic"), []byte("secret")))
					}
				}
			}()
			got, err := p.recv()
			if err != nil || len(got) != 2 || string(got[1]) != "secret" {
				t.Fatalf("subscriber got %q, %v", got, err)
			}
		})
	}
}

func TestCurveRep(t *testing.T) {
	rep := zmq4.NewRep(context.Background())
	addr := listenCurve(t, rep)
	p := dialCurve(t, addr, curveKeys.Public, "REQ")
	p.send(0, nil, []byte("beat"))
	m, err := recvTimeout(rep, 5*time.Second)
	if err != nil || len(m.Frames) != 1 || string(m.Frames[0]) != "beat" {
		t.Fatalf("rep got %q, %v", m.Frames, err)
	}
	if err := rep.Send(m); err != nil {
		t.Fatal(err)
	}
	got, err := p.recv()
	if err != nil || len(got) != 2 || len(got[0]) != 0 || string(got[1]) != "beat" {
		t.Fatalf("req got %q, %v", got, err)
	}
}

// TestCurveHostile sends what a client without the keys, or a broken or
// replaying one, might: each connection is closed (after an ERROR command
// where spec 26 has one) and the socket still serves a genuine client.
func TestCurveHostile(t *testing.T) {
	router, addr := curveRouter(t)
	other, _ := curve.GenerateKeyPair(nil)
	// A genuine handshake, recorded to be replayed.
	recorded := dialCurve(t, addr, curveKeys.Public, "DEALER")
	recorded.send(0, []byte("first"))
	if _, err := recvTimeout(router, 5*time.Second); err != nil {
		t.Fatal(err)
	}

	helloOf := func(server [curve.KeyLen]byte) []byte {
		c, _ := curve.NewClient(server)
		return encodeFrame(flagCommand, c.Hello())
	}
	tests := []struct {
		name      string
		send      func(t *testing.T) []byte
		wantError string // the ERROR reason, "" for a silent close
	}{
		{"NULL client", func(*testing.T) []byte { return handshakeBytes("DEALER") }, ""},
		{"garbage after the greeting", func(*testing.T) []byte {
			return append(append([]byte(nil), clientGreeting...), bytes.Repeat([]byte{0xAB}, 300)...)
		}, ""},
		{"truncated HELLO", func(*testing.T) []byte {
			return append(append([]byte(nil), clientGreeting...), helloOf(curveKeys.Public)[:150]...)
		}, ""},
		{"HELLO too short", func(*testing.T) []byte {
			h := helloOf(curveKeys.Public)
			return append(append([]byte(nil), clientGreeting...), encodeFrame(flagCommand, h[2:150])...)
		}, "HELLO refused"},
		{"wrong server key", func(*testing.T) []byte {
			return append(append([]byte(nil), clientGreeting...), helloOf(other.Public)...)
		}, "HELLO refused"},
		{"replayed handshake", func(*testing.T) []byte { return recorded.sent }, "INITIATE refused"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := dialRaw(t, addr, tc.send(t))
			c.(*net.TCPConn).CloseWrite() // no more bytes: EOF, not the handshake timeout
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			all, _ := io.ReadAll(c) // until the server closes
			if !bytes.HasPrefix(all, curveGreeting[:]) {
				t.Fatalf("no CURVE greeting: %q", all)
			}
			rest := all[greetingLen:]
			if h, _, ok := decodeHeader(rest); ok && tc.name == "replayed handshake" {
				// A replayed HELLO is welcomed (spec 26: it has no
				// effect); its INITIATE's cookie is of a dead connection.
				rest = rest[2+h.size:]
			}
			if tc.wantError == "" {
				if len(rest) != 0 {
					t.Fatalf("got %q after the greeting, want a silent close", rest)
				}
			} else if want := encodeFrame(flagCommand, curve.ErrorCommand(tc.wantError)); !bytes.Equal(rest, want) {
				t.Fatalf("got %q after the greeting, want %q", rest, want)
			}
			curveExchange(t, router, addr)
		})
	}
}

// TestCurveBadMessage sends broken MESSAGE commands after a genuine
// handshake: each closes its connection, silently (spec 26), without
// reaching zmq4, and the socket still serves a genuine client.
func TestCurveBadMessage(t *testing.T) {
	router, addr := curveRouter(t)
	tests := []struct {
		name string
		send func(p *curvePeer)
	}{
		{"replayed", func(p *curvePeer) { p.write(p.wire[0]) }},
		{"corrupted", func(p *curvePeer) {
			b := encodeFrame(0, p.sess.Seal(nil, 0, []byte("forged")))
			b[len(b)-1] ^= 1
			p.write(b)
		}},
		{"truncated", func(p *curvePeer) { p.write(encodeFrame(0, p.sess.Seal(nil, 0, []byte("x"))[:curve.MinMessageLen-1])) }},
		{"MORE on the MESSAGE frame", func(p *curvePeer) { p.write(encodeFrame(flagMore, p.sess.Seal(nil, 0, []byte("x")))) }},
		{"a HELLO again", func(p *curvePeer) {
			c, _ := curve.NewClient(curveKeys.Public)
			p.write(encodeFrame(flagCommand, c.Hello()))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := dialCurve(t, addr, curveKeys.Public, "DEALER")
			p.send(0, []byte("first"))
			if m, err := recvTimeout(router, 5*time.Second); err != nil || string(m.Frames[1]) != "first" {
				t.Fatalf("router got %q, %v", m.Frames, err)
			}
			tc.send(p)
			p.c.SetReadDeadline(time.Now().Add(5 * time.Second))
			if all, err := io.ReadAll(p.c); err != nil || len(all) != 0 {
				t.Fatalf("read %q, %v; want a silent close", all, err)
			}
			// Had the refused frame reached zmq4, the router would get it
			// before the next client's ping.
			curveExchange(t, router, addr)
		})
	}
}

// TestCurveWriterDropsWholeMessages writes far more sealed messages than a
// peer that does not read can take: whole messages are dropped before they
// are sealed, and what arrives opens, in order, with every message intact.
func TestCurveWriterDropsWholeMessages(t *testing.T) {
	peerConn, raw := tcpPair(t)
	peerConn.(*net.TCPConn).SetReadBuffer(16 << 10)
	srv := curve.NewServer(curveKeys)
	cl, _ := curve.NewClient(curveKeys.Public)
	w, err := srv.Hello(cl.Hello())
	if err != nil || cl.Welcome(w) != nil {
		t.Fatal(err)
	}
	_, sess, err := srv.Initiate(cl.Initiate(curve.Metadata("Socket-Type", "SUB")))
	if err != nil {
		t.Fatal(err)
	}
	c := newConn(raw, "tcp", nil, "SUB", sess, Options{HighWaterMessages: 10, Linger: 5 * time.Second}.withDefaults())
	for _, p := range [][]byte{nullGreeting[:], readyBytes("PUB")} {
		if _, err := c.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	const burst = 300
	for seq := range uint64(burst) {
		writeMessage(t, c, testMessage(seq))
	}
	if c.w.droppedCount() == 0 {
		t.Fatal("nothing dropped for a stalled peer")
	}
	c.Close() // drains what is queued, then closes

	p := &curvePeer{t: t, c: peerConn}
	p.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, p.sess, err = cl.Ready(p.readCommand()); err != nil {
		t.Fatal(err)
	}
	received, next := 0, uint64(0)
	for {
		m, err := p.recv()
		if err == io.EOF && len(m) == 0 {
			break
		}
		if err != nil {
			t.Fatalf("after %d messages: %v", received, err)
		}
		seq := binary.BigEndian.Uint64(m[0])
		want := testMessage(seq)
		if seq < next || len(m) != 3 || !bytes.Equal(m[1], want[1]) || !bytes.Equal(m[2], want[2]) {
			t.Fatalf("message %d (after %d) arrived damaged or out of order", seq, next)
		}
		next, received = seq+1, received+1
	}
	if received == 0 || received+c.w.droppedCount() != burst {
		t.Fatalf("received %d and dropped %d of %d", received, c.w.droppedCount(), burst)
	}
}
