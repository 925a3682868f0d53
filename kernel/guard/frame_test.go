package guard

import (
	"bytes"
	"fmt"
	"testing"
)

func TestDecodeHeader(t *testing.T) {
	tests := []struct {
		name  string
		in    []byte
		want  header
		wantN int
	}{
		{"short", []byte{0x00, 5, 'h'}, header{0x00, 5}, 2},
		{"short more", []byte{0x01, 0}, header{0x01, 0}, 2},
		{"short command", []byte{0x04, 200}, header{0x04, 200}, 2},
		{"long", longHeader(0, 300), header{0x02, 300}, 9},
		{"long more", longHeader(flagMore, 1<<40), header{0x03, 1 << 40}, 9},
		{"long command", longHeader(flagCommand, 1<<50), header{0x06, 1 << 50}, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, n, ok := decodeHeader(tt.in)
			if !ok || h != tt.want || n != tt.wantN {
				t.Fatalf("decodeHeader = %+v, %d, %v; want %+v, %d, true", h, n, ok, tt.want, tt.wantN)
			}
			for cut := range tt.wantN {
				if _, _, ok := decodeHeader(tt.in[:cut]); ok {
					t.Errorf("header cut at %d decoded", cut)
				}
			}
		})
	}
}

// scanned is a message as the scanner reports it.
type scanned struct {
	data     []byte
	complete bool
}

// scanPieces feeds pieces to a scanner and reassembles the messages.
func scanPieces(t *testing.T, pieces [][]byte) []scanned {
	t.Helper()
	var (
		s   scanner
		out []scanned
	)
	for _, p := range pieces {
		for len(p) > 0 {
			n, first, end := s.step(p)
			if n <= 0 || n > len(p) {
				t.Fatalf("step consumed %d of %d bytes", n, len(p))
			}
			if first != (len(out) == 0 || out[len(out)-1].complete) {
				t.Fatalf("first = %v after %d messages", first, len(out))
			}
			if first {
				out = append(out, scanned{})
			}
			m := &out[len(out)-1]
			m.data = append(m.data, p[:n]...)
			m.complete = end
			p = p[n:]
		}
	}
	return out
}

func TestScanner(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 300)
	tests := []struct {
		name     string
		messages [][]byte // each message's encoded frames
		partial  []byte   // an unfinished message at the end
	}{
		{name: "short", messages: [][]byte{frameBytes(0, []byte("hello"))}},
		{name: "empty frame", messages: [][]byte{frameBytes(0, nil)}},
		{name: "long", messages: [][]byte{frameBytes(0, long)}},
		{name: "long header small size", messages: [][]byte{frameBytes(flagLong, []byte("abc"))}},
		{name: "command", messages: [][]byte{readyBytes("DEALER")}},
		{name: "command with more is one message", messages: [][]byte{
			frameBytes(flagCommand|flagMore, []byte("\x04PING")), frameBytes(0, []byte("next")),
		}},
		{name: "more", messages: [][]byte{concat(
			frameBytes(flagMore, []byte("id")), frameBytes(flagMore, []byte("<IDS|MSG>")), frameBytes(0, []byte("{}")),
		)}},
		{name: "mixed", messages: [][]byte{
			readyBytes("PUB"),
			concat(frameBytes(flagMore, []byte("topic")), frameBytes(flagMore, long), frameBytes(0, []byte("end"))),
			concat(frameBytes(flagMore, nil), frameBytes(flagMore, nil), frameBytes(0, nil)),
			frameBytes(0, long),
		}},
		{name: "unfinished header", messages: [][]byte{frameBytes(0, []byte("a"))},
			partial: longHeader(0, 10)[:5]},
		{name: "unfinished body", messages: [][]byte{frameBytes(0, []byte("a"))},
			partial: frameBytes(0, long)[:100]},
		{name: "unfinished multipart", messages: [][]byte{frameBytes(0, []byte("a"))},
			partial: concat(frameBytes(flagMore, []byte("b")), frameBytes(flagMore, []byte("c")))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want []scanned
			for _, m := range tt.messages {
				want = append(want, scanned{m, true})
			}
			if tt.partial != nil {
				want = append(want, scanned{tt.partial, false})
			}
			stream := concat(append(append([][]byte(nil), tt.messages...), tt.partial)...)
			feeds := map[string][][]byte{"whole": {stream}, "bytes": split(stream, 1), "threes": split(stream, 3)}
			for cut := 1; cut < len(stream); cut++ {
				feeds[fmt.Sprintf("cut at %d", cut)] = [][]byte{stream[:cut], stream[cut:]}
			}
			for name, pieces := range feeds {
				got := scanPieces(t, pieces)
				if !equalScans(got, want) {
					t.Fatalf("%s: got %+v, want %+v", name, got, want)
				}
			}
		})
	}
}

// concat joins byte slices.
func concat(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// split cuts b into pieces of n bytes.
func split(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

// equalScans compares two lists of messages.
func equalScans(a, b []scanned) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].complete != b[i].complete || !bytes.Equal(a[i].data, b[i].data) {
			return false
		}
	}
	return true
}
