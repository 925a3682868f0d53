package guard

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"
	"time"
)

// testMessage is message seq: three frames whose content derives from seq.
func testMessage(seq uint64) [][]byte {
	head := binary.BigEndian.AppendUint64(nil, seq)
	big := bytes.Repeat(head, 64<<10/8)
	return [][]byte{head, big, []byte("end")}
}

// writeMessage writes msg to c as zmq4's Conn.send does: each frame's
// header, then its body, in separate writes.
func writeMessage(t *testing.T, c net.Conn, msg [][]byte) {
	t.Helper()
	for i, f := range msg {
		var flags byte
		if i < len(msg)-1 {
			flags = flagMore
		}
		b := frameBytes(flags, f)
		hl := len(b) - len(f)
		for _, p := range [][]byte{b[:hl], b[hl:]} {
			if _, err := c.Write(p); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readMessage reads one message from r, frame by frame.
func readMessage(r *bufio.Reader) ([][]byte, error) {
	var msg [][]byte
	for {
		var hdr [maxHeader]byte
		if _, err := io.ReadFull(r, hdr[:1]); err != nil {
			return nil, err
		}
		hl := headerLen(hdr[0])
		if _, err := io.ReadFull(r, hdr[1:hl]); err != nil {
			return nil, err
		}
		h, _, _ := decodeHeader(hdr[:hl])
		body := make([]byte, h.size)
		if _, err := io.ReadFull(r, body); err != nil {
			return nil, err
		}
		msg = append(msg, body)
		if h.endsMessage() {
			return msg, nil
		}
	}
}

// TestWriterDropsWholeMessages writes far more than a peer that does not
// read can take: Write must not block, whole messages must be dropped, and
// what arrives must be a valid stream of intact messages.
func TestWriterDropsWholeMessages(t *testing.T) {
	peer, raw := tcpPair(t)
	peer.(*net.TCPConn).SetReadBuffer(16 << 10)
	opt := Options{HighWaterMessages: 10, Linger: time.Second}.withDefaults()
	c := newConn(raw, "tcp", nil, "", nil, opt)
	defer c.Close()

	// zmq4's greeting, written in two pieces, is swallowed.
	for _, p := range [][]byte{nullGreeting[:10], nullGreeting[10:]} {
		if _, err := c.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	const burst = 300 // 300 × 64 KiB: more than the socket buffers hold
	start := time.Now()
	for seq := range uint64(burst) {
		writeMessage(t, c, testMessage(seq))
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("writing %d messages to a stalled peer took %v", burst, d)
	}
	if c.w.droppedCount() == 0 {
		t.Fatal("nothing dropped for a stalled peer")
	}

	// Now the peer reads. Repeat a last message until it is queued.
	got := make(chan [][]byte, burst+100)
	errs := make(chan error, 1)
	go func() {
		r := bufio.NewReader(peer)
		for {
			m, err := readMessage(r)
			if err != nil {
				errs <- err
				return
			}
			got <- m
			if string(m[0]) == "last" {
				errs <- nil
				return
			}
		}
	}()
	sent := burst
	for deadline := time.Now().Add(5 * time.Second); ; sent++ {
		before := c.w.droppedCount()
		writeMessage(t, c, [][]byte{[]byte("last")})
		if c.w.droppedCount() == before {
			sent++
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the last message is never queued")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := <-errs; err != nil {
		t.Fatalf("peer: %v", err)
	}
	close(got)
	received, next := 0, uint64(0)
	for m := range got {
		received++
		if string(m[0]) == "last" {
			continue
		}
		seq := binary.BigEndian.Uint64(m[0])
		if seq < next {
			t.Fatalf("message %d after %d", seq, next)
		}
		next = seq + 1
		want := testMessage(seq)
		if len(m) != len(want) || !bytes.Equal(m[1], want[1]) || !bytes.Equal(m[2], want[2]) {
			t.Fatalf("message %d arrived damaged", seq)
		}
	}
	if received+c.w.droppedCount() != sent {
		t.Fatalf("received %d + dropped %d != sent %d", received, c.w.droppedCount(), sent)
	}
	t.Logf("sent %d, received %d, dropped %d", sent, received, c.w.droppedCount())
}

// TestWriterFailureCloses checks that a failed write to the peer closes
// the connection, so that zmq4's reader and writer see it.
func TestWriterFailureCloses(t *testing.T) {
	peer, raw := tcpPair(t)
	c := newConn(raw, "tcp", nil, "", nil, Options{}.withDefaults())
	defer c.Close()
	c.Write(nullGreeting[:])
	peer.(*net.TCPConn).SetLinger(0)
	peer.Close() // reset
	deadline := time.Now().Add(3 * time.Second)
	for {
		if _, err := c.Write(frameBytes(0, make([]byte, 1000))); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("writes to a reset peer keep succeeding")
		}
		time.Sleep(time.Millisecond)
	}
	raw.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := c.Read(make([]byte, 10)); err == nil {
		t.Fatal("read from a failed connection succeeded")
	}
}

// TestConnGreeting checks that only zmq4's own NULL greeting is swallowed.
func TestConnGreeting(t *testing.T) {
	plain := nullGreeting
	copy(plain[12:32], "PLAIN\x00\x00\x00\x00")
	tests := []struct {
		name    string
		writes  [][]byte
		wantErr bool
		want    []byte // what the peer receives
	}{
		{"whole", [][]byte{nullGreeting[:], frameBytes(0, []byte("a"))}, false, frameBytes(0, []byte("a"))},
		{"split with data", [][]byte{nullGreeting[:30], append(nullGreeting[30:], frameBytes(0, []byte("b"))...)}, false, frameBytes(0, []byte("b"))},
		{"other mechanism", [][]byte{plain[:]}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			peer, raw := tcpPair(t)
			c := newConn(raw, "tcp", nil, "", nil, Options{Linger: time.Second}.withDefaults())
			var err error
			for _, p := range tt.writes {
				if _, err = c.Write(p); err != nil {
					break
				}
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %v", err, tt.wantErr)
			}
			c.Close()
			peer.SetReadDeadline(time.Now().Add(3 * time.Second))
			got, err := io.ReadAll(peer)
			if err != nil || !bytes.Equal(got, tt.want) {
				t.Fatalf("peer got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
