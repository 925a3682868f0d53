package wire_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/aulago/gokernel/kernel/wire"
)

// joinFrames and splitFrames map a message to the fuzzer's single []byte:
// frames are separated by NUL bytes (which JSON text never contains).
func joinFrames(frames [][]byte) []byte { return bytes.Join(frames, []byte{0}) }

func splitFrames(data []byte) [][]byte { return bytes.Split(data, []byte{0}) }

func FuzzDecode(f *testing.F) {
	signed := mustCodec(f, "hmac-sha256", testKey)
	unsigned := mustCodec(f, "", "")
	seeds := []*wire.Message{
		{Header: fixedHeader("kernel_info_request")},
		{
			Identities: [][]byte{[]byte("router-1")},
			Header:     fixedHeader("execute_request"),
			Content:    json.RawMessage(`{"code":"print(1)","silent":false,"store_history":true,"user_expressions":{},"allow_stdin":true,"stop_on_error":true}`),
		},
		{
			Header:       fixedHeader("comm_msg"),
			ParentHeader: json.RawMessage(`{"msg_id":"p","msg_type":"comm_open"}`),
			Metadata:     json.RawMessage(`{"k":[1,2.5,null,true]}`),
			Content:      json.RawMessage(`{"comm_id":"c","data":{"x":"\u00e9"}}`),
			Buffers:      [][]byte{[]byte("buf1"), []byte("buf2")},
		},
	}
	for _, m := range seeds {
		f.Add(true, joinFrames(mustEncode(f, signed, m)))
		f.Add(false, joinFrames(mustEncode(f, unsigned, m)))
	}
	for _, s := range []string{
		"",
		"<IDS|MSG>",
		"<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}",
		"<IDS|MSG>\x00\x00null\x00null\x00null\x00null",
		"<IDS|MSG>\x00\x00[]\x00\"\"\x001\x00{}",
		"<IDS|MSG>\x00\x00{\"msg_id\":1}\x00{}\x00{}\x00{}",
		"id\x00<IDS|MSG>\x00zz\x00{\x00}\x00{}\x00{}\x00extra",
		"\xff\xfe\x00<IDS|MSG>\x00\x00{\"msg_id\":\"\xff\"}\x00 {} \x00{}\x00{\"a\":\"\\ud800\"}",
		"garbage\x00more garbage",
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}

	f.Fuzz(func(t *testing.T, useKey bool, data []byte) {
		c := unsigned
		if useKey {
			c = signed
		}
		frames := splitFrames(data)
		m, err := c.Decode(frames)
		if err != nil {
			if m != nil {
				t.Fatalf("Decode returned both a message and error %v", err)
			}
			return
		}
		out, err := c.Encode(m)
		if err != nil {
			t.Fatalf("Encode of a decoded message: %v", err)
		}
		m2, err := c.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(x))): %v\nframes: %s", err, showFrames(out))
		}
		if m2.Header != m.Header {
			t.Errorf("header changed: %+v, then %+v", m.Header, m2.Header)
		}
		for _, p := range []struct {
			name        string
			first, then []byte
		}{
			{"parent_header", m.ParentHeader, m2.ParentHeader},
			{"metadata", m.Metadata, m2.Metadata},
			{"content", m.Content, m2.Content},
		} {
			if !bytes.Equal(p.first, p.then) {
				t.Errorf("%s changed: %q, then %q", p.name, p.first, p.then)
			}
		}
		if !equalFrames(m.Identities, m2.Identities) {
			t.Errorf("identities changed: %s, then %s", showFrames(m.Identities), showFrames(m2.Identities))
		}
		if !equalFrames(m.Buffers, m2.Buffers) {
			t.Errorf("buffers changed: %s, then %s", showFrames(m.Buffers), showFrames(m2.Buffers))
		}
	})
}
