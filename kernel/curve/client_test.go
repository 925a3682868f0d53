package curve

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"testing"

	"golang.org/x/crypto/nacl/box"
)

// testClient is the client side of CurveZMQ, written from spec 26 for the
// tests: libzmq's client is exercised by the e2e tests.
type testClient struct {
	server  [KeyLen]byte // S
	long    *KeyPair     // C, c
	t       *KeyPair     // C', c'
	nonce   uint64       // the last short nonce sent
	serverT [KeyLen]byte // S'
	cookie  []byte
	shared  [KeyLen]byte
}

func newTestClient(tb testing.TB, server [KeyLen]byte) *testClient {
	tb.Helper()
	long, err := GenerateKeyPair(nil)
	if err != nil {
		tb.Fatal(err)
	}
	tr, err := GenerateKeyPair(nil)
	if err != nil {
		tb.Fatal(err)
	}
	return &testClient{server: server, long: long, t: tr}
}

func (c *testClient) hello() []byte {
	c.nonce++
	b := append(make([]byte, 0, HelloLen), helloName...)
	b = append(b, 1, 0)
	b = append(b, make([]byte, 72)...)
	b = append(b, c.t.Public[:]...)
	b = binary.BigEndian.AppendUint64(b, c.nonce)
	return box.Seal(b, make([]byte, 64), shortNonce(helloPrefix, c.nonce), &c.server, &c.t.Secret)
}

func (c *testClient) welcome(w []byte) error {
	if len(w) != WelcomeLen || string(w[:8]) != welcomeName {
		return errors.New("malformed WELCOME")
	}
	plain, ok := box.Open(nil, w[24:], longNonce(welcomePrefix, w[8:24]), &c.server, &c.t.Secret)
	if !ok {
		return errors.New("WELCOME box does not open")
	}
	copy(c.serverT[:], plain[:KeyLen])
	c.cookie = plain[KeyLen:]
	box.Precompute(&c.shared, &c.serverT, &c.t.Secret)
	return nil
}

func (c *testClient) initiate(meta []byte) []byte {
	var vn [16]byte
	_, _ = rand.Read(vn[:])
	vouch := box.Seal(nil, append(append([]byte(nil), c.t.Public[:]...), c.server[:]...), longNonce(vouchPrefix, vn[:]), &c.serverT, &c.long.Secret)
	plain := append(append(append(append([]byte(nil), c.long.Public[:]...), vn[:]...), vouch...), meta...)
	c.nonce++
	b := append([]byte(initiateName), c.cookie...)
	b = binary.BigEndian.AppendUint64(b, c.nonce)
	return box.Seal(b, plain, shortNonce(initiatePrefix, c.nonce), &c.serverT, &c.t.Secret)
}

// ready opens READY and returns the server's metadata and the client's
// session.
func (c *testClient) ready(r []byte) ([]byte, *Session, error) {
	if len(r) < 30 || string(r[:6]) != readyName {
		return nil, nil, errors.New("malformed READY")
	}
	n := binary.BigEndian.Uint64(r[6:14])
	meta, ok := box.OpenAfterPrecomputation(nil, r[14:], shortNonce(readyPrefix, n), &c.shared)
	if !ok {
		return nil, nil, errors.New("READY box does not open")
	}
	return meta, &Session{shared: c.shared, sendPrefix: clientMsgPrefix, recvPrefix: serverMsgPrefix,
		sendNonce: c.nonce + 1, recvNonce: n}, nil
}

// metadata encodes ZMTP properties.
func metadata(kv ...string) []byte {
	var b []byte
	for i := 0; i+1 < len(kv); i += 2 {
		b = append(b, byte(len(kv[i])))
		b = append(b, kv[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(kv[i+1])))
		b = append(b, kv[i+1]...)
	}
	return b
}

// handshake runs a whole handshake between a new server and a new test
// client and returns both sessions.
func handshake(tb testing.TB, keys *KeyPair) (server, client *Session) {
	tb.Helper()
	srv := NewServer(keys)
	c := newTestClient(tb, keys.Public)
	w, err := srv.Hello(c.hello())
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.welcome(w); err != nil {
		tb.Fatal(err)
	}
	if _, err := srv.Initiate(c.initiate(metadata("Socket-Type", "DEALER"))); err != nil {
		tb.Fatal(err)
	}
	r, server, err := srv.Ready(metadata("Socket-Type", "ROUTER"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, client, err = c.ready(r); err != nil {
		tb.Fatal(err)
	}
	return server, client
}

func serverKeys(tb testing.TB) *KeyPair {
	tb.Helper()
	kp, err := ParseKeyPair(serverPublic, serverSecret)
	if err != nil {
		tb.Fatal(err)
	}
	return kp
}
