package curve

import "testing"

// FuzzServerHandshake feeds arbitrary HELLO and INITIATE bodies to a
// server, seeded with genuine ones: it must never panic, and a HELLO that
// was not made with the server's key must never be welcomed.
func FuzzServerHandshake(f *testing.F) {
	keys := serverKeys(f)
	c := newTestClient(f, keys.Public)
	hello := c.Hello()
	srv := NewServer(keys)
	w, err := srv.Hello(hello)
	if err != nil {
		f.Fatal(err)
	}
	if err := c.Welcome(w); err != nil {
		f.Fatal(err)
	}
	f.Add(hello, c.Initiate(metadata("Socket-Type", "DEALER")), []byte("\x07MESSAGE"))
	f.Add([]byte("\x05HELLO"), []byte("\x08INITIATE"), make([]byte, 40))
	f.Fuzz(func(t *testing.T, hello, initiate, message []byte) {
		srv := NewServer(keys)
		if _, err := srv.Hello(hello); err != nil {
			return
		}
		_, sess, err := srv.Initiate(initiate)
		if err != nil {
			return
		}
		if _, err := sess.Ready(nil); err != nil {
			t.Fatal(err)
		}
		_, _, _ = sess.Open(message)
	})
}
