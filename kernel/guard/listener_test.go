package guard

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// startListener serves a guarded listener on a free loopback port.
func startListener(t *testing.T, opt Options) *listener {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newListener(inner, "tcp", opt.withDefaults())
	t.Cleanup(func() { l.Close() })
	return l
}

// acceptTimeout accepts from l, giving up after d.
func acceptTimeout(l net.Listener, d time.Duration) net.Conn {
	got := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		got <- c
	}()
	select {
	case c := <-got:
		return c
	case <-time.After(d):
		return nil
	}
}

// readGreeting reads our greeting from c.
func readGreeting(t *testing.T, c net.Conn) {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	var g [greetingLen]byte
	if _, err := io.ReadFull(c, g[:]); err != nil || g != nullGreeting {
		t.Fatalf("greeting %x, %v; want %x", g, err, nullGreeting)
	}
	c.SetReadDeadline(time.Time{})
}

func TestHandshakeRefused(t *testing.T) {
	bad := func(at int, b byte) []byte {
		g := handshakeBytes("DEALER")
		g[at] = b
		return g
	}
	tests := []struct {
		name string
		send []byte
	}{
		{"bad signature", bad(0, 'G')},
		{"bad signature footer", bad(9, 0)},
		{"version 2", bad(10, 2)},
		{"mechanism PLAIN", append(append(append([]byte(nil), nullGreeting[:12]...), "PLAIN"+string(make([]byte, 47))...), readyBytes("DEALER")...)},
		{"message before READY", append(append([]byte(nil), nullGreeting[:]...), frameBytes(0, []byte("hi"))...)},
		{"READY over 64 KiB", append(append([]byte(nil), nullGreeting[:]...), longHeader(flagCommand, maxHandshakeFrame+1)...)},
		{"READY with MORE", append(append([]byte(nil), nullGreeting[:]...), frameBytes(flagCommand|flagMore, []byte("\x05READY"))...)},
		{"READY of unknown type", append(append([]byte(nil), nullGreeting[:]...), readyBytes("STREAM")...)},
		{"PING before READY", append(append([]byte(nil), nullGreeting[:]...), commandBytes("PING", nil)...)},
		{"HTTP", []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + string(make([]byte, 100)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := startListener(t, Options{})
			before := Rejected()
			c := dialRaw(t, l.Addr().String(), tt.send)
			readGreeting(t, c)
			waitClosed(t, c, 2*time.Second)
			if Rejected() == before {
				t.Error("refusal not counted")
			}
			if a := acceptTimeout(l, 100*time.Millisecond); a != nil {
				t.Fatal("Accept returned a refused connection")
			}
		})
	}
}

func TestHandshakeReplay(t *testing.T) {
	l := startListener(t, Options{})
	hello := handshakeBytes("DEALER")
	c := dialRaw(t, l.Addr().String(), hello)
	readGreeting(t, c)
	a := acceptTimeout(l, 2*time.Second)
	if a == nil {
		t.Fatal("no connection accepted")
	}
	defer a.Close()
	c.Write(frameBytes(0, []byte("after")))
	want := concat(hello, frameBytes(0, []byte("after")))
	got := make([]byte, len(want))
	a.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadFull(a, got); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("zmq4 would read %q, %v; want %q", got, err, want)
	}
}

func TestHandshakeTimeout(t *testing.T) {
	l := startListener(t, Options{HandshakeTimeout: 300 * time.Millisecond})
	c := dialRaw(t, l.Addr().String(), nullGreeting[:20])
	readGreeting(t, c)
	start := time.Now()
	waitClosed(t, c, 2*time.Second)
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("closed after %v, before the timeout", d)
	}
}

func TestHandshakeSlots(t *testing.T) {
	l := startListener(t, Options{MaxPendingHandshakes: 2})
	for range 2 {
		readGreeting(t, dialRaw(t, l.Addr().String(), nil))
	}
	before := Rejected()
	third := dialRaw(t, l.Addr().String(), nil)
	third.SetReadDeadline(time.Now().Add(2 * time.Second))
	if n, err := third.Read(make([]byte, 64)); n != 0 || err == nil {
		t.Fatalf("third handshake read %d bytes, %v; want it closed at once", n, err)
	}
	if Rejected() == before {
		t.Error("refusal not counted")
	}
}

func TestListenerClose(t *testing.T) {
	l := startListener(t, Options{})
	c := dialRaw(t, l.Addr().String(), nil)
	readGreeting(t, c)
	l.Close()
	waitClosed(t, c, 2*time.Second)
	if _, err := l.Accept(); err == nil {
		t.Fatal("Accept on a closed listener succeeded")
	}
}
