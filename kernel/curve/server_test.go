package curve

import (
	"bytes"
	"errors"
	"testing"
)

func TestHandshakeRoundTrip(t *testing.T) {
	keys := serverKeys(t)
	srv := NewServer(keys)
	c := newTestClient(t, keys.Public)
	w, err := srv.Hello(c.Hello())
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != WelcomeLen {
		t.Fatalf("WELCOME is %d bytes, want %d", len(w), WelcomeLen)
	}
	if err := c.Welcome(w); err != nil {
		t.Fatal(err)
	}
	clientMeta := metadata("Socket-Type", "DEALER", "Identity", "abc")
	got, ss, err := srv.Initiate(c.Initiate(clientMeta))
	if err != nil || !bytes.Equal(got, clientMeta) {
		t.Fatalf("Initiate = %q, %v; want %q", got, err, clientMeta)
	}
	serverMeta := metadata("Socket-Type", "ROUTER")
	r, err := ss.Ready(serverMeta)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Ready(serverMeta); !errors.Is(err, ErrHandshake) {
		t.Fatalf("second READY: %v", err)
	}
	meta, cs, err := c.Ready(r)
	if err != nil || !bytes.Equal(meta, serverMeta) {
		t.Fatalf("READY carries %q, %v; want %q", meta, err, serverMeta)
	}
	msgs := []struct {
		flags   byte
		payload []byte
	}{{FlagMore, []byte("<IDS|MSG>")}, {0, nil}, {FlagCommand, []byte("\x04PING")}, {0, bytes.Repeat([]byte("x"), 100000)}}
	for i, m := range msgs {
		body := cs.Seal(nil, m.flags, m.payload)
		if len(body) != len(m.payload)+MessageOverhead {
			t.Fatalf("message %d: body %d bytes for %d", i, len(body), len(m.payload))
		}
		flags, p, err := ss.Open(body)
		if err != nil || flags != m.flags || !bytes.Equal(p, m.payload) {
			t.Fatalf("client to server %d: %#x %d bytes %v", i, flags, len(p), err)
		}
		flags, p, err = cs.Open(ss.Seal([]byte("prefix"), m.flags, m.payload)[len("prefix"):])
		if err != nil || flags != m.flags || !bytes.Equal(p, m.payload) {
			t.Fatalf("server to client %d: %#x %d bytes %v", i, flags, len(p), err)
		}
	}
}

func TestHelloRefused(t *testing.T) {
	keys := serverKeys(t)
	other, _ := GenerateKeyPair(nil)
	good := newTestClient(t, keys.Public).Hello()
	edit := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name  string
		hello []byte
	}{
		{"empty", nil},
		{"truncated", good[:199]},
		{"too long", append(append([]byte(nil), good...), 0)},
		{"not HELLO", edit(func(b []byte) []byte { copy(b, "\x05HELLX"); return b })},
		{"version 2.0", edit(func(b []byte) []byte { b[6] = 2; return b })},
		{"padding not zero", edit(func(b []byte) []byte { b[40] = 1; return b })},
		{"signature flipped", edit(func(b []byte) []byte { b[150] ^= 1; return b })},
		{"nonce changed", edit(func(b []byte) []byte { b[119] ^= 1; return b })},
		{"wrong server key", newTestClient(t, other.Public).Hello()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := NewServer(keys)
			if w, err := srv.Hello(tc.hello); !errors.Is(err, ErrHandshake) || w != nil {
				t.Fatalf("Hello = %d bytes, %v; want ErrHandshake", len(w), err)
			}
			if _, _, err := srv.Initiate(make([]byte, 300)); !errors.Is(err, ErrHandshake) {
				t.Fatalf("Initiate after a failed Hello: %v", err)
			}
		})
	}
}

// started returns a server that has answered a client's HELLO.
func started(t *testing.T, keys *KeyPair) (*Server, *Client) {
	t.Helper()
	srv := NewServer(keys)
	c := newTestClient(t, keys.Public)
	w, err := srv.Hello(c.Hello())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Welcome(w); err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func TestInitiateRefused(t *testing.T) {
	keys := serverKeys(t)
	meta := metadata("Socket-Type", "DEALER")
	tests := []struct {
		name     string
		initiate func(t *testing.T) (*Server, []byte)
	}{
		{"truncated", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			return srv, c.Initiate(meta)[:MinInitiateLen-1]
		}},
		{"not INITIATE", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			b := c.Initiate(meta)
			b[1] = 'X'
			return srv, b
		}},
		{"cookie of another connection (replayed INITIATE)", func(t *testing.T) (*Server, []byte) {
			// The same client's HELLO is replayed to a second server: the
			// INITIATE built for the first connection must not pass.
			srv1 := NewServer(keys)
			c := newTestClient(t, keys.Public)
			hello := c.Hello()
			w, _ := srv1.Hello(hello)
			if err := c.Welcome(w); err != nil {
				t.Fatal(err)
			}
			old := c.Initiate(meta)
			if _, _, err := srv1.Initiate(old); err != nil {
				t.Fatal(err)
			}
			srv2 := NewServer(keys)
			if _, err := srv2.Hello(hello); err != nil {
				t.Fatal(err)
			}
			return srv2, old
		}},
		{"cookie flipped", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			b := c.Initiate(meta)
			b[50] ^= 1
			return srv, b
		}},
		{"box flipped", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			b := c.Initiate(meta)
			b[len(b)-1] ^= 1
			return srv, b
		}},
		{"nonce not above HELLO's", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			c.nonce--
			return srv, c.Initiate(meta)
		}},
		{"vouch for another server", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			other, _ := GenerateKeyPair(nil)
			c.server = other.Public // the vouch names S: now the wrong one
			b := c.Initiate(meta)
			return srv, b
		}},
		{"metadata cut", func(t *testing.T) (*Server, []byte) {
			srv, c := started(t, keys)
			return srv, c.Initiate(meta[:len(meta)-1])
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, b := tc.initiate(t)
			if m, sess, err := srv.Initiate(b); !errors.Is(err, ErrHandshake) || sess != nil {
				t.Fatalf("Initiate = %q, %v, %v; want ErrHandshake", m, sess, err)
			}
			if _, _, err := srv.Initiate(b); !errors.Is(err, ErrHandshake) {
				t.Fatalf("Initiate after a failed Initiate: %v", err)
			}
		})
	}
}

func TestHandshakeOutOfOrder(t *testing.T) {
	keys := serverKeys(t)
	if _, _, err := NewServer(keys).Initiate(make([]byte, 300)); !errors.Is(err, ErrHandshake) {
		t.Errorf("Initiate first: %v", err)
	}
	srv, c := started(t, keys)
	if _, err := srv.Hello(c.Hello()); !errors.Is(err, ErrHandshake) {
		t.Errorf("second HELLO: %v", err)
	}
}

func TestMessageRefused(t *testing.T) {
	keys := serverKeys(t)
	srv, cli := handshake(t, keys)
	if _, err := srv.Ready(nil); !errors.Is(err, ErrHandshake) {
		t.Fatalf("READY after the handshake: %v", err)
	}
	srv.Seal(nil, 0, nil)
	if _, err := srv.Ready(nil); !errors.Is(err, ErrHandshake) {
		t.Fatalf("READY after a MESSAGE: %v", err)
	}
	first := cli.Seal(nil, FlagMore, []byte("hello"))
	if _, _, err := srv.Open(first); err != nil {
		t.Fatal(err)
	}
	second := cli.Seal(nil, 0, []byte("world"))
	tests := []struct {
		name string
		body []byte
	}{
		{"replayed", first},
		{"truncated", second[:MinMessageLen-1]},
		{"cut in the box", second[:len(second)-1]},
		{"not MESSAGE", append([]byte("\x07MESSAGX"), second[8:]...)},
		{"nonce changed", flip(second, 15)},
		{"mac flipped", flip(second, 16)},
		{"payload flipped", flip(second, len(second)-1)},
		{"server's own direction", srv.Seal(nil, 0, []byte("world"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if f, p, err := srv.Open(tc.body); !errors.Is(err, ErrMessage) {
				t.Fatalf("Open = %#x %q %v; want ErrMessage", f, p, err)
			}
		})
	}
	// None of the refusals moved the nonce: the genuine second message
	// still opens, and then never again.
	if _, p, err := srv.Open(second); err != nil || string(p) != "world" {
		t.Fatalf("second message after the refusals: %q %v", p, err)
	}
	if _, _, err := srv.Open(second); !errors.Is(err, ErrMessage) {
		t.Fatalf("second message twice: %v", err)
	}
}

func flip(b []byte, i int) []byte {
	b = append([]byte(nil), b...)
	b[i] ^= 0x40
	return b
}

func TestErrorCommand(t *testing.T) {
	if got := string(ErrorCommand("bad")); got != "\x05ERROR\x03bad" {
		t.Errorf("ErrorCommand = %q", got)
	}
	long := make([]byte, 300)
	if got := ErrorCommand(string(long)); len(got) != 6+1+255 || got[6] != 255 {
		t.Errorf("long reason: %d bytes, length byte %d", len(got), got[6])
	}
}
