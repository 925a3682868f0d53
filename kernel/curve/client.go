package curve

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/nacl/box"
)

// Client is the client side of a CurveZMQ handshake, written from spec 26
// so that the server can be tested without libzmq. The kernel only serves;
// real clients are libzmq's (pyzmq). Its methods must be called in order:
// Hello, Welcome, Initiate, Ready.
type Client struct {
	server  [KeyLen]byte // S
	long    *KeyPair     // C, c
	t       *KeyPair     // C', c'
	nonce   uint64       // the last short nonce sent
	serverT [KeyLen]byte // S'
	cookie  []byte
	shared  [KeyLen]byte
}

// NewClient returns a client of the server whose public key is server,
// with a new long-term and transient key pair.
func NewClient(server [KeyLen]byte) (*Client, error) {
	long, err := GenerateKeyPair(nil)
	if err != nil {
		return nil, err
	}
	t, err := GenerateKeyPair(nil)
	if err != nil {
		return nil, err
	}
	return &Client{server: server, long: long, t: t}, nil
}

// Hello returns the body of the HELLO command.
func (c *Client) Hello() []byte {
	c.nonce++
	b := append(make([]byte, 0, HelloLen), helloName...)
	b = append(b, 1, 0)
	b = append(b, make([]byte, 72)...)
	b = append(b, c.t.Public[:]...)
	b = binary.BigEndian.AppendUint64(b, c.nonce)
	return box.Seal(b, make([]byte, 64), shortNonce(helloPrefix, c.nonce), &c.server, &c.t.Secret)
}

// Welcome opens the server's WELCOME command body.
func (c *Client) Welcome(w []byte) error {
	if len(w) != WelcomeLen || string(w[:8]) != welcomeName {
		return fmt.Errorf("%w: malformed WELCOME", ErrHandshake)
	}
	plain, ok := box.Open(nil, w[24:], longNonce(welcomePrefix, w[8:24]), &c.server, &c.t.Secret)
	if !ok {
		return fmt.Errorf("%w: WELCOME box does not open", ErrHandshake)
	}
	copy(c.serverT[:], plain[:KeyLen])
	c.cookie = plain[KeyLen:]
	box.Precompute(&c.shared, &c.serverT, &c.t.Secret)
	return nil
}

// Initiate returns the body of the INITIATE command carrying meta (a ZMTP
// property list).
func (c *Client) Initiate(meta []byte) []byte {
	var vn [16]byte
	_, _ = rand.Read(vn[:])
	vouch := box.Seal(nil, append(append([]byte(nil), c.t.Public[:]...), c.server[:]...), longNonce(vouchPrefix, vn[:]), &c.serverT, &c.long.Secret)
	plain := append(append(append(append([]byte(nil), c.long.Public[:]...), vn[:]...), vouch...), meta...)
	c.nonce++
	b := append([]byte(initiateName), c.cookie...)
	b = binary.BigEndian.AppendUint64(b, c.nonce)
	return box.Seal(b, plain, shortNonce(initiatePrefix, c.nonce), &c.serverT, &c.t.Secret)
}

// Ready opens the server's READY command body and returns the server's
// metadata and the client's session.
func (c *Client) Ready(r []byte) ([]byte, *Session, error) {
	if len(r) < 30 || string(r[:6]) != readyName {
		return nil, nil, fmt.Errorf("%w: malformed READY", ErrHandshake)
	}
	n := binary.BigEndian.Uint64(r[6:14])
	meta, ok := box.OpenAfterPrecomputation(nil, r[14:], shortNonce(readyPrefix, n), &c.shared)
	if !ok {
		return nil, nil, fmt.Errorf("%w: READY box does not open", ErrHandshake)
	}
	return meta, &Session{shared: c.shared, sendPrefix: clientMsgPrefix, recvPrefix: serverMsgPrefix,
		sendNonce: c.nonce + 1, recvNonce: n}, nil
}

// Metadata encodes ZMTP properties given as name, value pairs.
func Metadata(kv ...string) []byte {
	var b []byte
	for i := 0; i+1 < len(kv); i += 2 {
		b = append(b, byte(len(kv[i])))
		b = append(b, kv[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(kv[i+1])))
		b = append(b, kv[i+1]...)
	}
	return b
}
