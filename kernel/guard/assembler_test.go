package guard

import (
	"bytes"
	"testing"
)

func TestAssembler(t *testing.T) {
	frames := []struct {
		flags byte
		body  []byte
	}{{flagCommand, []byte("\x05READY")}, {flagMore, nil}, {flagMore, bytes.Repeat([]byte("a"), 300)}, {0, []byte("end")}}
	var stream []byte
	for _, f := range frames {
		stream = append(stream, encodeFrame(f.flags, f.body)...)
	}
	for _, piece := range []int{1, 2, 7, 64, len(stream)} {
		var a assembler
		var got []header
		var bodies [][]byte
		for i := 0; i < len(stream); i += piece {
			err := a.feed(stream[i:min(i+piece, len(stream))], func(h header, body []byte) error {
				got = append(got, h)
				bodies = append(bodies, append([]byte(nil), body...))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != len(frames) {
			t.Fatalf("pieces of %d: %d frames, want %d", piece, len(got), len(frames))
		}
		for i, f := range frames {
			if got[i].flags&^flagLong != f.flags || !bytes.Equal(bodies[i], f.body) {
				t.Errorf("pieces of %d, frame %d: %#x %q", piece, i, got[i].flags, bodies[i])
			}
		}
	}
}
