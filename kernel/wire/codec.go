package wire

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
)

// Delimiter separates routing identities from the signed part of a message.
var Delimiter = []byte("<IDS|MSG>")

var emptyObject = json.RawMessage("{}")

// Errors returned by Decode. They are wrapped with details; test with errors.Is.
var (
	ErrNoDelimiter  = errors.New("wire: no <IDS|MSG> delimiter")
	ErrShort        = errors.New("wire: fewer than 5 frames after the delimiter")
	ErrBadSignature = errors.New("wire: bad signature")
	ErrBadJSON      = errors.New("wire: invalid JSON")
	ErrBadScheme    = errors.New("wire: unsupported signature scheme")
)

// Codec signs and checks messages with one connection's key.
// The zero Codec does not sign (an empty key, as Jupyter allows).
type Codec struct {
	key []byte
}

// NewCodec returns a Codec for the connection file's signature_scheme and
// key. The scheme must be "hmac-sha256" (or empty when the key is empty).
func NewCodec(scheme, key string) (*Codec, error) {
	if key == "" {
		return &Codec{}, nil
	}
	if scheme != "hmac-sha256" {
		return nil, fmt.Errorf("%w: %q", ErrBadScheme, scheme)
	}
	return &Codec{key: []byte(key)}, nil
}

func (c *Codec) mac() hash.Hash {
	if len(c.key) == 0 {
		return nil
	}
	return hmac.New(sha256.New, c.key)
}

// sign returns the hex signature of the four JSON frames, or "" without a key.
func (c *Codec) sign(parts [][]byte) []byte {
	h := c.mac()
	if h == nil {
		return []byte{}
	}
	for _, p := range parts {
		h.Write(p)
	}
	sum := h.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Encode turns m into frames ready to send. Nil JSON parts become {}.
func (c *Codec) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: header: %w", err)
	}
	parts := [][]byte{header, orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, Delimiter, c.sign(parts))
	frames = append(frames, parts...)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

func orEmpty(r json.RawMessage) []byte {
	if len(r) == 0 || bytes.Equal(r, []byte("null")) {
		return emptyObject
	}
	return r
}

// Decode parses frames received from a socket and checks their signature.
// The returned message keeps the raw parent header, metadata and content.
// Each of the four JSON frames must hold a JSON object, else ErrBadJSON.
func (c *Codec) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], Delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: got %d", ErrShort, len(rest))
	}
	sig, parts := rest[0], rest[1:5]
	if h := c.mac(); h != nil {
		want := c.sign(parts)
		if !hmac.Equal(want, bytes.ToLower(sig)) {
			return nil, ErrBadSignature
		}
	}
	// Cap Identities so that appending to them cannot overwrite frames[i].
	m := &Message{Identities: frames[:i:i], Buffers: rest[5:]}
	if !isObject(parts[0]) {
		return nil, fmt.Errorf("%w: header is not a JSON object", ErrBadJSON)
	}
	m.rawHeader = append(json.RawMessage(nil), parts[0]...)
	if err := json.Unmarshal(parts[0], &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrBadJSON, err)
	}
	names := []string{"parent_header", "metadata", "content"}
	dst := []*json.RawMessage{&m.ParentHeader, &m.Metadata, &m.Content}
	for k, p := range parts[1:] {
		// The protocol makes all four parts dicts. Accepting null (or any
		// other non-object) would also break Encode(Decode(x)), which
		// turns null into {}.
		if !isObject(p) {
			return nil, fmt.Errorf("%w: %s is not a JSON object", ErrBadJSON, names[k])
		}
		*dst[k] = append(json.RawMessage(nil), p...)
	}
	return m, nil
}

// isObject reports whether p is valid JSON whose value is an object.
func isObject(p []byte) bool {
	t := bytes.TrimLeft(p, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(p)
}

// Signature returns the signature frame of an encoded message, for replay
// checks, or nil when frames have none.
func Signature(frames [][]byte) []byte {
	for i, f := range frames {
		if bytes.Equal(f, Delimiter) && i+1 < len(frames) {
			return frames[i+1]
		}
	}
	return nil
}
