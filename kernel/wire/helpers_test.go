package wire_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"

	"github.com/aulago/gokernel/kernel/wire"
)

// testKey is the key of a typical connection file.
const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

// fixedHeader is a header with constant values, so that encodings are
// deterministic.
func fixedHeader(msgType string) wire.Header {
	return wire.Header{
		MsgID:    "3f1c2a4e-0000-4000-8000-000000000001",
		Session:  "sess-1",
		Username: "alice",
		Date:     "2024-01-02T03:04:05.000000Z",
		MsgType:  msgType,
		Version:  "5.3",
	}
}

func mustCodec(t testing.TB, scheme, key string) *wire.Codec {
	t.Helper()
	c, err := wire.NewCodec(scheme, key)
	if err != nil {
		t.Fatalf("NewCodec(%q, %q): %v", scheme, key, err)
	}
	return c
}

func mustEncode(t testing.TB, c *wire.Codec, m *wire.Message) [][]byte {
	t.Helper()
	frames, err := c.Encode(m)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return frames
}

// hmacHex signs the concatenation of parts with key, independently of the
// package's own signing code.
func hmacHex(key string, parts ...[]byte) []byte {
	h := hmac.New(sha256.New, []byte(key))
	for _, p := range parts {
		h.Write(p)
	}
	return []byte(hex.EncodeToString(h.Sum(nil)))
}

// signedFrames builds a wire message by hand from identities, the four JSON
// parts (as text) and buffers, signing it with key ("" for no signature).
func signedFrames(key string, ids [][]byte, header, parent, metadata, content string, bufs ...[]byte) [][]byte {
	parts := [][]byte{[]byte(header), []byte(parent), []byte(metadata), []byte(content)}
	var sig []byte
	if key != "" {
		sig = hmacHex(key, parts...)
	} else {
		sig = []byte{}
	}
	var frames [][]byte
	frames = append(frames, ids...)
	frames = append(frames, []byte("<IDS|MSG>"), sig)
	frames = append(frames, parts...)
	frames = append(frames, bufs...)
	return frames
}

func cloneFrames(frames [][]byte) [][]byte {
	out := make([][]byte, len(frames))
	for i, f := range frames {
		out[i] = bytes.Clone(f)
	}
	return out
}

func equalFrames(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// showFrames renders frames for failure messages.
func showFrames(frames [][]byte) string {
	var b strings.Builder
	for i, f := range frames {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(string(f)))
	}
	return "[" + b.String() + "]"
}
