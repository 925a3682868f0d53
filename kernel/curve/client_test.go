package curve

import "testing"

// newTestClient is NewClient for tests.
func newTestClient(tb testing.TB, server [KeyLen]byte) *Client {
	tb.Helper()
	c, err := NewClient(server)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// metadata is Metadata, short.
func metadata(kv ...string) []byte { return Metadata(kv...) }

// handshake runs a whole handshake between a new server and a new client
// and returns both sessions.
func handshake(tb testing.TB, keys *KeyPair) (server, client *Session) {
	tb.Helper()
	srv := NewServer(keys)
	c := newTestClient(tb, keys.Public)
	w, err := srv.Hello(c.Hello())
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.Welcome(w); err != nil {
		tb.Fatal(err)
	}
	_, server, err = srv.Initiate(c.Initiate(metadata("Socket-Type", "DEALER")))
	if err != nil {
		tb.Fatal(err)
	}
	r, err := server.Ready(metadata("Socket-Type", "ROUTER"))
	if err != nil {
		tb.Fatal(err)
	}
	if _, client, err = c.Ready(r); err != nil {
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
