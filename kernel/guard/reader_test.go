package guard

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

func TestReaderLimits(t *testing.T) {
	limits := Options{MaxFrame: 1000, MaxMessage: 2000}.withDefaults()
	body := func(n int) []byte { return bytes.Repeat([]byte{'b'}, n) }
	ok1 := frameBytes(flagMore, []byte("id"))
	ok2 := frameBytes(0, body(1000))
	tests := []struct {
		name    string
		replay  []byte
		send    []byte
		want    []byte // what zmq4 may read
		wantErr error
	}{
		{name: "frames pass", send: concat(ok1, ok2, ok1, ok2), want: concat(ok1, ok2, ok1, ok2)},
		{name: "replay first", replay: handshakeBytes("DEALER"), send: ok2,
			want: concat(handshakeBytes("DEALER"), ok2)},
		{name: "frame over limit", send: concat(ok2, longHeader(0, 1001), body(1001)),
			want: ok2, wantErr: ErrTooLarge},
		{name: "frame declaring 2^50", send: concat(ok1, longHeader(0, 1<<50)),
			want: ok1, wantErr: ErrTooLarge},
		{name: "command over limit", send: longHeader(flagCommand, 1<<40), wantErr: ErrTooLarge},
		{name: "message over limit", send: concat(frameBytes(flagMore, body(900)), frameBytes(flagMore, body(900)), frameBytes(0, body(900))),
			want: concat(frameBytes(flagMore, body(900)), frameBytes(flagMore, body(900))), wantErr: ErrTooLarge},
		{name: "limit is per message", send: concat(frameBytes(flagMore, body(900)), frameBytes(0, body(900)), frameBytes(0, body(900))),
			want: concat(frameBytes(flagMore, body(900)), frameBytes(0, body(900)), frameBytes(0, body(900)))},
		{name: "many empty frames", send: bytes.Repeat(frameBytes(flagMore, nil), 100),
			want: bytes.Repeat(frameBytes(flagMore, nil), 2000/frameOverhead), wantErr: ErrTooLarge},
		{name: "header held until body arrives", send: concat(ok1, frameBytes(0, body(900))[:500]), want: ok1},
		{name: "cut header", send: concat(ok1, longHeader(0, 10)[:4]), want: ok1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, server := tcpPair(t)
			go func() {
				client.Write(tt.send)
				client.Close()
			}()
			server.SetReadDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(newReader(server, tt.replay, limits))
			if !bytes.Equal(got, tt.want) {
				t.Errorf("read %d bytes %q, want %d bytes %q", len(got), trim(got), len(tt.want), trim(tt.want))
			}
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// TestReaderLargeFrame checks that a frame many chunks long arrives whole.
func TestReaderLargeFrame(t *testing.T) {
	client, server := tcpPair(t)
	body := make([]byte, 9<<20+123)
	for i := range body {
		body[i] = byte(i * 7)
	}
	want := concat(frameBytes(flagMore, body), frameBytes(0, []byte("tail")))
	go func() {
		for _, p := range split(want, 100_000) {
			client.Write(p)
		}
		client.Close()
	}()
	got, err := io.ReadAll(newReader(server, nil, Options{}.withDefaults()))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes (equal %v), err %v; want %d bytes", len(got), bytes.Equal(got, want), err, len(want))
	}
}

// trim shortens b for an error message.
func trim(b []byte) []byte {
	if len(b) > 40 {
		return b[:40]
	}
	return b
}
