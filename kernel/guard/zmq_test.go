package guard

import (
	"bytes"
	"context"
	"encoding/binary"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// TestOversizedFrame: a peer declaring a 2^50-byte frame is cut off, the
// process lives on and the ROUTER still serves a real DEALER.
func TestOversizedFrame(t *testing.T) {
	router, addr := listenRouter(t)
	before := Rejected()
	c := dialRaw(t, addr, concat(handshakeBytes("DEALER"), longHeader(0, 1<<50)))
	waitClosed(t, c, 3*time.Second)
	if !stock && Rejected() == before {
		t.Error("refusal not counted")
	}
	exchange(t, router, addr, 3*time.Second)
}

// TestBadReady: READY commands that crash zmq4 (metadata cut inside a
// property, an unknown socket type) or that it abandons without closing
// (an incompatible socket type) close the connection, and the ROUTER
// still serves a real DEALER.
func TestBadReady(t *testing.T) {
	meta := func(props ...string) []byte {
		var b []byte
		for i := 0; i+1 < len(props); i += 2 {
			b = append(append(b, byte(len(props[i]))), props[i]...)
			b = binary.BigEndian.AppendUint32(b, uint32(len(props[i+1])))
			b = append(b, props[i+1]...)
		}
		return b
	}
	tests := []struct {
		name  string
		ready []byte
	}{
		{"cut property", commandBytes("READY", []byte{1, 'a'})},
		{"cut value", commandBytes("READY", meta("Socket-Type", "DEALER")[:15])},
		{"unknown type", commandBytes("READY", meta("Socket-Type", "FOO"))},
		{"lower-case type", commandBytes("READY", meta("Socket-Type", "dealer"))},
		{"no type", commandBytes("READY", meta("Identity", "x"))},
		{"incompatible type", readyBytes("PUB")},
		{"ERROR", commandBytes("ERROR", []byte("\x03bad"))},
	}
	router, addr := listenRouter(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dialRaw(t, addr, concat(nullGreeting[:], tt.ready))
			waitClosed(t, c, 2*time.Second)
			exchange(t, router, addr, 3*time.Second)
		})
	}
}

// TestPartialFrameNotAllocated: a peer declaring a 200 MiB frame and
// sending 1 KiB of it must not make the kernel allocate 200 MiB.
func TestPartialFrameNotAllocated(t *testing.T) {
	router, addr := listenRouter(t)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	c := dialRaw(t, addr, concat(handshakeBytes("DEALER"), longHeader(0, 200<<20), make([]byte, 1<<10)))
	time.Sleep(300 * time.Millisecond)
	if grown := int64(heap()) - int64(before); grown > 50<<20 {
		t.Fatalf("heap grew by %d MiB for a frame that has not arrived", grown>>20)
	}
	c.Close()
	exchange(t, router, addr, 3*time.Second)
}

// TestSilentPeer: a connection that never sends its greeting does not stop
// a real DEALER from connecting well within the handshake timeout.
func TestSilentPeer(t *testing.T) {
	router, addr := listenRouter(t)
	dialRaw(t, addr, nil)
	time.Sleep(50 * time.Millisecond) // let the silent one be accepted first
	start := time.Now()
	exchange(t, router, addr, 2*time.Second)
	t.Logf("exchange took %v with a silent peer connected", time.Since(start))
}

// TestLargeMessage: multi-megabyte frames cross in both directions.
func TestLargeMessage(t *testing.T) {
	router, addr := listenRouter(t)
	dealer := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("big")))
	t.Cleanup(func() { dealer.Close() })
	if err := dealer.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 5<<20+7)
	for i := range big {
		big[i] = byte(i % 251)
	}
	if err := dealer.SendMulti(zmq4.NewMsgFrom([]byte("head"), big)); err != nil {
		t.Fatal(err)
	}
	m, err := recvTimeout(router, 5*time.Second)
	if err != nil || len(m.Frames) != 3 || !bytes.Equal(m.Frames[2], big) {
		t.Fatalf("router got %d frames, %v", len(m.Frames), err)
	}
	if err := router.Send(zmq4.NewMsgFrom([]byte("big"), big, []byte("tail"))); err != nil {
		t.Fatal(err)
	}
	m, err = recvTimeout(dealer, 5*time.Second)
	if err != nil || len(m.Frames) != 2 || !bytes.Equal(m.Frames[0], big) {
		t.Fatalf("dealer got %d frames, %v", len(m.Frames), err)
	}
}

// TestIPC: the unix-socket transport serves a DEALER dialing zmq4's "ipc".
func TestIPC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k-1")
	router := zmq4.NewRouter(context.Background(), zmq4.WithID(zmq4.SocketIdentity("router")))
	t.Cleanup(func() { router.Close() })
	ep := Endpoint("ipc", path)
	if stock {
		ep = "ipc://" + path
	}
	if err := router.Listen(ep); err != nil {
		t.Fatal(err)
	}
	dealer := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("dealer")))
	t.Cleanup(func() { dealer.Close() })
	if err := dealer.Dial("ipc://" + path); err != nil {
		t.Fatal(err)
	}
	if err := dealer.Send(zmq4.NewMsgString("over ipc")); err != nil {
		t.Fatal(err)
	}
	m, err := recvTimeout(router, 3*time.Second)
	if err != nil || len(m.Frames) != 2 || string(m.Frames[1]) != "over ipc" {
		t.Fatalf("router got %q, %v", m.Frames, err)
	}
}

// TestSlowSubscriber: a subscriber that never reads must not stall a PUB
// for a subscriber that does.
func TestSlowSubscriber(t *testing.T) {
	ctx := context.Background()
	pub := zmq4.NewPub(ctx)
	t.Cleanup(func() { pub.Close() })
	if err := pub.Listen(listenEndpoint("127.0.0.1:0")); err != nil {
		t.Fatal(err)
	}
	addr := pub.Addr().String()

	sub := zmq4.NewSub(ctx)
	t.Cleanup(func() { sub.Close() })
	if err := sub.SetOption(zmq4.OptionSubscribe, "t"); err != nil {
		t.Fatal(err)
	}
	if err := sub.Dial("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	// The stalled subscriber subscribes to everything and never reads. It
	// is closed before pub (cleanups run last first), so that a stock PUB
	// blocked on it can close.
	stalled := dialRaw(t, addr, concat(handshakeBytes("SUB"), frameBytes(0, []byte{1})))
	stalled.(interface{ SetReadBuffer(int) error }).SetReadBuffer(4 << 10)

	topics := pub.(zmq4.Topics)
	for deadline := time.Now().Add(3 * time.Second); !slices.Equal(topics.Topics(), []string{"", "t"}); {
		if time.Now().After(deadline) {
			t.Fatalf("subscriptions %q, want both", topics.Topics())
		}
		time.Sleep(10 * time.Millisecond)
	}

	done := make(chan int, 1)
	go func() {
		n := 0
		for {
			m, err := sub.Recv()
			if err != nil {
				return
			}
			if len(m.Frames) == 2 && string(m.Frames[1]) == "done" {
				done <- n
				return
			}
			n++
		}
	}()

	dropsBefore := Dropped()
	const count = 20_000
	payload := make([]byte, 1<<10)
	start := time.Now()
	for i := range count {
		binary.BigEndian.PutUint64(payload, uint64(i))
		if err := pub.Send(zmq4.NewMsgFrom([]byte("t"), bytes.Clone(payload))); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("publishing %d messages took %v", count, d)
	}
	// The reader's own queue may be full too: repeat the last message.
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for deadline := time.After(5 * time.Second); ; {
		if err := pub.Send(zmq4.NewMsgFrom([]byte("t"), []byte("done"))); err != nil {
			t.Fatal(err)
		}
		select {
		case n := <-done:
			t.Logf("reader got %d of %d messages and the last one after %v; %d dropped",
				n, count, time.Since(start), Dropped()-dropsBefore)
			if Dropped() == dropsBefore {
				t.Fatal("nothing dropped for the stalled subscriber")
			}
			return
		case <-tick.C:
		case <-deadline:
			t.Fatalf("the reading subscriber never got the last message: the PUB is stalled")
		}
	}
}
